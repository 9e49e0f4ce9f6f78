/** The action a ruleset chose for the event (`rule_action`): allow, or block with a response. */

/** RuleActionType.yaml: the discriminator of `rule_action`. */
export type RuleActionType = 'allow' | 'block';

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
 * Fields both actions carry (EventRuleAction.yaml). The schema leaves the action objects open
 * (`unevaluatedProperties: true`), hence the index signature.
 */
interface RuleActionBase {
  ruleset_id: string;
  /** The rule that matched the event. */
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
 * What the ruleset says to do with the request, according to the rule that matched. An event
 * fetched by ID carries it only when `ruleset_id` was passed. Narrow on `type`.
 */
export type EventRuleAction = EventRuleActionAllow | EventRuleActionBlock;
