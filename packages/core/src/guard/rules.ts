/** The declarative rules: deny on signals, confidence, Suspect Score and the Rules Engine's action. */
import { configError, FingerprintGuardError } from '../errors.js';
import type { EventRuleActionBlock } from '../event/rules.js';
import { ruleActionJudge } from './rule-action.js';
import type { FingerprintResultFormat } from '../result/format.js';
import { isPartial } from '../fingerprint/read-event.js';
import { finite } from '../result/reports.js';
import { suspectScoreV3 } from '../fingerprint/read-event-v3.js';
import type { DenyRules } from '../options/types.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { GuardLogger } from '../logger.js';
import { SIGNAL_NAMES, type SignalName } from '../result/signals.js';

/** Why a rule or binding did not pass: it `failed`, or it could not be evaluated (`unavailable`). */
export interface RuleOutcome {
  rule: string;
  reason: 'failed' | 'unavailable';
  message: string;
  /** Rule `ruleAction`: the block action that denied, for the adapter to answer with. */
  ruleAction?: EventRuleActionBlock;
}

export type Provider = Fingerprint['provider'];

/** Where a result comes from, for what it can report: a provider, or Fingerprint's agentless edge evaluation. */
export type ResultSource = Provider | 'edge';

/** The signals an edge evaluation reports; every other needs the agent. */
const EDGE_SIGNALS: ReadonlySet<string> = new Set(['bot', 'goodBot', 'vpn', 'proxy']);

/** Every result a guard can produce, whichever formats the app declared: rules handle them all. */
type AnyResult = Fingerprint<FingerprintResultFormat>;

/** Rules a provider can never evaluate: cside reports no confidence, Suspect Score, Rules Engine action or these signals. */
const NEVER_REPORTED: Readonly<Record<ResultSource, ReadonlySet<string>>> = {
  fingerprint: new Set(),
  edge: new Set([
    ...SIGNAL_NAMES.filter((name) => !EDGE_SIGNALS.has(name)),
    'minConfidence',
    'maxSuspectScore',
    'maxVpnScore',
    'maxTamperingScore',
    'maxVelocity',
  ]),
  cside: new Set([
    'goodBot',
    'privacySettings',
    'clonedApp',
    'locationSpoofing',
    'minConfidence',
    'maxSuspectScore',
    'ruleAction',
    'activeCall',
    'rareDevice',
    'antiDetectBrowser',
    'maxVpnScore',
    'maxTamperingScore',
    'maxVelocity',
  ]),
};

export interface RuleOptions {
  deny?: DenyRules;
  minConfidence?: number;
  maxSuspectScore?: number;
  honorRuleAction?: boolean;
}

export type Rule = { name: string; judge: (fingerprint: AnyResult) => RuleOutcome | undefined };

const PROVIDER_NAMES: Readonly<Record<ResultSource, string>> = {
  fingerprint: 'Fingerprint',
  cside: 'cside',
  edge: "Fingerprint's edge evaluation",
};

/** Where `fingerprint` comes from, for what it can report. */
export const sourceOf = (fingerprint: AnyResult): ResultSource =>
  fingerprint.provider === 'fingerprint' && fingerprint.format === 'edge' ? 'edge' : fingerprint.provider;

export function unavailable(rule: string, what: string, fingerprint: AnyResult): RuleOutcome {
  const partial =
    fingerprint.provider === 'fingerprint' && fingerprint.format === 'v4' && isPartial(fingerprint.event)
      ? ' (a partially completed identification carries no Smart Signals)'
      : '';
  return {
    rule,
    reason: 'unavailable',
    message: `The request was denied: ${what} was not reported by ${PROVIDER_NAMES[sourceOf(fingerprint)]}${partial}.`,
  };
}

function signalRule(name: SignalName): Rule {
  return {
    name,
    judge: (fingerprint) => {
      const value = fingerprint.signals[name];
      if (value === true) return { rule: name, reason: 'failed', message: `The request was denied: ${name} detected.` };
      return value === false ? undefined : unavailable(name, name, fingerprint);
    },
  };
}

/** Checks the rules once and returns them, each a function of the result. */
export function compileRules(options: RuleOptions, providers: ReadonlySet<ResultSource>, logger: GuardLogger): Rule[] {
  const { deny = {}, minConfidence, maxSuspectScore, honorRuleAction = false } = options;
  const rules: Rule[] = [];
  // The guard's schema checked the names (signals) and values (true or false).
  for (const [name, on] of Object.entries(deny) as [SignalName, boolean | undefined][]) {
    if (on) rules.push(signalRule(name));
  }
  if (minConfidence !== undefined) {
    if (!(typeof minConfidence === 'number' && minConfidence >= 0 && minConfidence <= 1))
      throw configError('minConfidence must be a number from 0 to 1.');
    rules.push({
      name: 'minConfidence',
      judge: (fingerprint) => {
        if (fingerprint.confidence === undefined)
          return unavailable('minConfidence', 'an identification confidence', fingerprint);
        if (fingerprint.confidence >= minConfidence) return undefined;
        return {
          rule: 'minConfidence',
          reason: 'failed',
          message: `The request was denied: identification confidence is below ${minConfidence}.`,
        };
      },
    });
  }
  if (maxSuspectScore !== undefined) {
    if (!Number.isSafeInteger(maxSuspectScore) || maxSuspectScore < 0)
      throw configError('maxSuspectScore must be a whole number, 0 or more.');
    rules.push({
      name: 'maxSuspectScore',
      judge: (fingerprint) => {
        const score = suspectScore(fingerprint);
        if (score === undefined) return unavailable('maxSuspectScore', 'a Suspect Score', fingerprint);
        if (score <= maxSuspectScore) return undefined;
        return {
          rule: 'maxSuspectScore',
          reason: 'failed',
          message: `The request was denied: Suspect Score ${score} is above ${maxSuspectScore}.`,
        };
      },
    });
  }
  if (honorRuleAction) {
    const judgeAction = ruleActionJudge(logger);
    rules.push({
      name: 'ruleAction',
      // No action (v3 has none) means no ruleset was evaluated for this event: nothing asks to block it.
      judge: (fingerprint) =>
        fingerprint.provider === 'fingerprint'
          ? judgeAction(fingerprint.ruleAction)
          : unavailable('ruleAction', 'a Rules Engine action', fingerprint),
    });
  }
  reportNeverEvaluable(
    rules.map((rule) => rule.name),
    providers,
    logger,
  );
  return rules;
}

/** The Suspect Score, when reported: never for cside or an edge evaluation, nor for a partially completed v4 identification. */
function suspectScore(fingerprint: AnyResult): number | undefined {
  if (fingerprint.provider !== 'fingerprint' || fingerprint.format === 'edge') return undefined;
  if (fingerprint.format === 'v3') return suspectScoreV3(fingerprint.event);
  return isPartial(fingerprint.event) ? undefined : finite(fingerprint.event.suspect_score);
}

/** Logs, once, each rule that a configured provider can never evaluate, so the denials it brings are no surprise. */
export function reportNeverEvaluable(
  ruleNames: readonly string[],
  providers: ReadonlySet<ResultSource>,
  logger: GuardLogger,
  consequence = 'denied by',
): void {
  for (const provider of providers) {
    const never = ruleNames.filter((name) => NEVER_REPORTED[provider].has(name));
    if (never.length === 0) continue;
    logger.warn(
      `fingerprint-guard: ${PROVIDER_NAMES[provider]} never reports what ${never.join(', ')} need${never.length === 1 ? 's' : ''}: ` +
        `every ${PROVIDER_NAMES[provider]} result will be ${consequence} ${never.length === 1 ? 'it' : 'them'} unless onUnavailableSignal is 'allow'.`,
      { event: 'rule-never-evaluable', provider, rules: never },
    );
  }
}

export function deniedBy(
  rule: string,
  message: string,
  cause?: unknown,
  ruleAction?: EventRuleActionBlock,
): FingerprintGuardError {
  return new FingerprintGuardError('EVENT_DENIED', message, { cause, rule, ruleAction });
}
