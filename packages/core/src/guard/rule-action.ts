/** honorRuleAction: a ruleset's `block` action denies, its response checked and any problem logged once; other types never block. */
import type { EventRuleAction, EventRuleActionBlock } from '../event/rules.js';
import type { GuardLogger } from '../logger.js';
import { checkBlockAction } from './block-response.js';

/** What the rule says about one action: nothing (it passes), or a denial carrying the block action. */
export interface RuleActionVerdict {
  rule: 'ruleAction';
  reason: 'failed';
  message: string;
  ruleAction: EventRuleActionBlock;
}

/** Distinct warnings kept per guard: rulesets and action types are few, but nothing here grows without end. */
const MAX_REPORTED = 256;

/**
 * Judges a result's `rule_action`: `block` denies (whatever its response: an action whose status
 * or body cannot be sent still denies, answered with the JSON denial); `allow` passes, its header
 * changes left to the route (`fingerprint.ruleAction`); a type this version does not know
 * passes, and is logged once per type (`rule-action-unknown`).
 */
export function ruleActionJudge(
  logger: GuardLogger,
): (action: EventRuleAction | undefined) => RuleActionVerdict | undefined {
  const reported = new Set<string>();
  function warnOnce(key: string, message: string, fields: Record<string, unknown>): void {
    if (reported.has(key) || reported.size >= MAX_REPORTED) return;
    reported.add(key);
    logger.warn(message, fields);
  }

  return (action) => {
    if (action === undefined || action.type === 'allow') return undefined;
    const about = { rulesetId: action.ruleset_id, ruleId: action.rule_id };
    if (action.type !== 'block') {
      const type = action.type.slice(0, 64);
      warnOnce(
        `type:${type}`,
        `fingerprint-guard: a Fingerprint ruleset answered an action of type '${type}', which this version does not know: honorRuleAction lets it through (only block denies).`,
        { event: 'rule-action-unknown', type, ...about },
      );
      return undefined;
    }
    // `type` is 'block': the Unknown variant (type: string) cannot be told apart by TypeScript.
    const block = action as EventRuleActionBlock;
    const { response, problems } = checkBlockAction(block);
    if (problems.length > 0) {
      const outcome = response ? 'the response leaves them out' : 'the guard answers its JSON denial (403) instead';
      warnOnce(
        `block:${action.ruleset_id}:${action.rule_id}`,
        `fingerprint-guard: the block action of rule ${action.rule_id ?? '(default)'} of ruleset ${action.ruleset_id}: ${problems.join('; ')}; ${outcome}.`,
        { event: 'rule-action-invalid', ...about, problems },
      );
    }
    return {
      rule: 'ruleAction',
      reason: 'failed',
      message: 'The request was denied: a Fingerprint Rules Engine rule blocks it.',
      ruleAction: block,
    };
  };
}
