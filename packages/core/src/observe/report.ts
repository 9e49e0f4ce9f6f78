/** A decision as onDecision and OpenTelemetry see it. */
import type { GuardDecision, GuardMode } from '../result/decision.js';
import type { DecisionReport, RuleActionReport } from '../result/decision.js';
import { botIdentityOf } from '../result/bot-identity.js';
import type { Fingerprint } from '../result/fingerprint.js';

/** What `onDecision` and OpenTelemetry see of a decision: no key material, token or sealed input. */
export function reportOf(decision: GuardDecision, mode: GuardMode): DecisionReport {
  const { fingerprint, error } = decision;
  const denied = !decision.allowed && error !== undefined;
  return {
    outcome: denied ? error.code : fingerprint?.stepUp ? 'step_up' : 'allowed',
    ...(denied && error.rule !== undefined ? { rule: error.rule } : {}),
    ...(!denied && fingerprint?.stepUp ? { rule: fingerprint.stepUp.rule } : {}),
    stage: decision.stage,
    mode,
    ...(decision.route === undefined ? {} : { route: decision.route }),
    provider: fingerprint?.provider,
    via: fingerprint?.via,
    eventId: fingerprint?.eventId,
    visitorId: fingerprint?.visitorId,
    keyIndex: fingerprint?.provider === 'fingerprint' ? fingerprint.keyIndex : undefined,
    ...botOf(fingerprint),
    replayCheck: fingerprint?.replayCheck,
    ...(decision.ipSource === undefined ? {} : { ipSource: decision.ipSource }),
    ...ruleActionOf(fingerprint),
    ...(decision.allowed && error
      ? { wouldDeny: { code: error.code, ...(error.rule === undefined ? {} : { rule: error.rule }) } }
      : {}),
    durations: decision.durations,
  };
}

/** The action's type, ruleset and rule, strings only: what a ruleset decided, never its response. */
function ruleActionOf(fingerprint: Fingerprint | undefined): { ruleAction?: RuleActionReport } {
  const action = fingerprint?.ruleAction;
  if (action === undefined) return {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const ruleAction: RuleActionReport = { type: action.type };
  const rulesetId = text(action.ruleset_id);
  const ruleId = text(action.rule_id);
  if (rulesetId !== undefined) ruleAction.rulesetId = rulesetId;
  if (ruleId !== undefined) ruleAction.ruleId = ruleId;
  return { ruleAction };
}

/** The detected bot's category, operator and identity, when the event reports them. */
function botOf(fingerprint: Fingerprint | undefined): Pick<DecisionReport, 'bot'> {
  const bot = botIdentityOf(fingerprint);
  return bot === undefined ? {} : { bot };
}
