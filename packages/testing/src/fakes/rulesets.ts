/** Rulesets for the fake Fingerprint API: rules in order, the first that matches an event gives its `rule_action`. */
import type {
  EventRuleAction,
  FingerprintEvent,
  RequestHeaderModifications,
  RuleActionHeaderField,
} from '@fingerprint-guard/core';

/** What a rule does, as `rule_action` carries it (the fake adds `ruleset_id`, `rule_id` and `rule_expression`). */
export type FakeRuleAction =
  | { type: 'allow'; request_header_modifications?: RequestHeaderModifications }
  | { type: 'block'; status_code?: number; headers?: RuleActionHeaderField[]; body?: string }
  /** A type newer than the schema (Fingerprint's Go SDK tests an `ignore`), with its own fields. */
  | { type: string; [field: string]: unknown };

export interface FakeRule {
  /** `rule_action.rule_id`. Default `r_<position, from 1>`. */
  id?: string;
  /** `rule_action.rule_expression`, shown as written: the fake never parses it, `matches` decides. */
  expression?: string;
  /** Whether the rule applies to `event`. */
  matches: (event: FingerprintEvent) => boolean;
  action: FakeRuleAction;
}

/**
 * A ruleset as the fake evaluates it: the first rule whose `matches` is true gives the action;
 * when none does, `defaultAction` (default `{ type: 'allow' }`) is answered without `rule_id`
 * and `rule_expression`.
 *
 * @example
 * const rulesets = { rs_bots: { rules: [{ expression: 'bot in ["bad"]', matches: (event) => event.bot === 'bad', action: { type: 'block', status_code: 429, body: 'slow down' } }] } };
 */
export interface FakeRuleset {
  rules: readonly FakeRule[];
  defaultAction?: FakeRuleAction;
}

/** The `rule_action` `ruleset` (of id `rulesetId`) gives `event`. */
export function evaluateRuleset(rulesetId: string, ruleset: FakeRuleset, event: FingerprintEvent): EventRuleAction {
  for (const [index, rule] of ruleset.rules.entries()) {
    if (!rule.matches(event)) continue;
    const matched = { ruleset_id: rulesetId, rule_id: rule.id ?? `r_${index + 1}` };
    return {
      ...rule.action,
      ...matched,
      ...(rule.expression === undefined ? {} : { rule_expression: rule.expression }),
    } as EventRuleAction;
  }
  return { ...(ruleset.defaultAction ?? { type: 'allow' }), ruleset_id: rulesetId } as EventRuleAction;
}
