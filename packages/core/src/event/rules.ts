/** The action a ruleset chose for the event (`rule_action`): allow, block with a response, or a newer type. */

/** The action types schema 3.7.0 documents (RuleActionType.yaml). */
export type KnownRuleActionType = 'allow' | 'block';

/**
 * The discriminator of `rule_action`: `allow`, `block`, or a type newer than this package (the
 * schema's list grows; Fingerprint's Go SDK already tests an `ignore`). Open, so that an event
 * with a new type still type-checks and a `switch` must say what it does with one.
 */
export type RuleActionType = KnownRuleActionType | (string & {});

/** A header as a name / value pair (RuleActionHeaderField.yaml). */
export interface RuleActionHeaderField {
  name: string;
  value: string;
}

/** Header changes to make before forwarding, applied in this order: remove, set, append. */
export interface RequestHeaderModifications {
  remove?: string[];
  /** Replaces any header of the same name. */
  set?: RuleActionHeaderField[];
  append?: RuleActionHeaderField[];
}

/**
 * Fields every action carries (EventRuleAction.yaml). The schema leaves the action objects open
 * (`unevaluatedProperties: true`), hence the index signature.
 */
interface RuleActionBase {
  ruleset_id: string;
  /** The rule that matched the event; absent when none did and the ruleset's default applied. */
  rule_id?: string;
  /** That rule's expression, e.g. `bot in ["bad"] || incognito`. */
  rule_expression?: string;
  [field: string]: unknown;
}

/** Forward the request to the origin, optionally with header changes (EventRuleActionAllow.yaml). */
export interface EventRuleActionAllow extends RuleActionBase {
  type: 'allow';
  request_header_modifications?: RequestHeaderModifications;
}

/** Answer the request with this response instead of forwarding it (EventRuleActionBlock.yaml). */
export interface EventRuleActionBlock extends RuleActionBase {
  type: 'block';
  /** An HTTP status code (integer). */
  status_code?: number;
  headers?: RuleActionHeaderField[];
  body?: string;
}

/**
 * An action of a type this package does not know. Its own fields are read through the index
 * signature (`action['challenge_url']`); the names allow and block use are declared absent, so
 * that narrowing on `type === 'allow'` or `'block'` still types them.
 */
export interface EventRuleActionUnknown extends RuleActionBase {
  // Plain `string`: TypeScript narrows a union on `type` only when no member's type is `string & {}`.
  type: string;
  request_header_modifications?: undefined;
  status_code?: undefined;
  headers?: undefined;
  body?: undefined;
}

/**
 * What the ruleset says to do with the request, according to the rule that matched. An event
 * fetched by ID carries it only when `ruleset_id` was passed. Narrow on `type`, and decide what
 * a type you do not know means (the guard's `honorRuleAction` lets it through).
 */
export type EventRuleAction = EventRuleActionAllow | EventRuleActionBlock | EventRuleActionUnknown;
