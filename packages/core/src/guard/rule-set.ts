/** The guard's two rule lists, checked together: what denies (`deny` and the thresholds) and what asks for step-up (`stepUp`). */
import { configError } from '../errors.js';
import type { GuardLogger } from '../logger.js';
import type { FingerprintGuardOptions, StepUpRules, ThresholdRules } from '../options/types.js';
import { SIGNAL_NAMES, type SignalName } from '../result/signals.js';
import { botRule, isBotRule } from './bot-rule.js';
import { compileRules, reportNeverEvaluable, type ResultSource, type Rule, type RuleOptions } from './rules.js';
import { thresholdRules, velocityLimits } from './thresholds.js';

/** Rules that deny, then rules that ask for step-up (judged only when none of the first denied). */
export interface CompiledRuleSets {
  deny: Rule[];
  stepUp: Rule[];
}

type RuleSetOptions = RuleOptions & ThresholdRules;

const NO_PROVIDERS: ReadonlySet<ResultSource> = new Set();

/** One list: the signals, `minConfidence`, `maxSuspectScore`, the Rules Engine action, then the thresholds. */
function ruleSet(
  options: RuleSetOptions,
  allowBots: FingerprintGuardOptions['allowBots'],
  prefix: string,
  logger: GuardLogger,
): Rule[] {
  // No providers here: what they can never evaluate is reported below, once for both lists, in the
  // words of each. The logger still reaches the rules that log while judging (a ruleset's action).
  const rules = compileRules(options, NO_PROVIDERS, logger);
  return [
    ...rules.map((rule) => (isBotRule(rule.name) ? botRule(rule.name, allowBots) : rule)),
    ...thresholdRules(options, prefix),
  ];
}

/** `stepUp`'s signals apart from its thresholds. */
function splitStepUp(stepUp: StepUpRules): RuleSetOptions {
  const deny: Partial<Record<SignalName, boolean>> = {};
  const thresholds: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(stepUp)) {
    if ((SIGNAL_NAMES as string[]).includes(name)) deny[name as SignalName] = value as boolean;
    else thresholds[name] = value;
  }
  return { deny, ...(thresholds as ThresholdRules) };
}

/** `CONFIG_INVALID` for a `stepUp` rule that could never ask, because a deny rule always decides first. */
function checkOverlap(options: FingerprintGuardOptions<never>, stepUp: StepUpRules): void {
  const never = (what: string) =>
    configError(`${what}, so it could never ask for step-up (deny rules are judged first): keep one of them.`);
  for (const name of SIGNAL_NAMES) {
    if (options.deny?.[name] === true && stepUp[name] === true) throw never(`stepUp.${name} is also in deny`);
  }
  const { minConfidence } = options;
  if (minConfidence !== undefined && stepUp.minConfidence !== undefined && stepUp.minConfidence <= minConfidence)
    throw never(`stepUp.minConfidence (${stepUp.minConfidence}) is not above minConfidence (${minConfidence})`);
  for (const name of ['maxSuspectScore', 'maxVpnScore', 'maxTamperingScore'] as const) {
    const deny = options[name];
    const ask = stepUp[name];
    if (deny !== undefined && ask !== undefined && ask >= deny)
      throw never(`stepUp.${name} (${ask}) is not below ${name} (${deny})`);
  }
  if (options.maxVelocity === undefined || stepUp.maxVelocity === undefined) return;
  const denied = velocityLimits(options.maxVelocity, 'maxVelocity');
  for (const { counter, window, max } of velocityLimits(stepUp.maxVelocity, 'stepUp.maxVelocity')) {
    const limit = denied.find((entry) => entry.counter === counter && entry.window === window);
    if (limit !== undefined && max >= limit.max)
      throw never(`stepUp.maxVelocity.${counter}.${window} (${max}) is not below maxVelocity's (${limit.max})`);
  }
}

/** `CONFIG_INVALID` for `allowBots` with no bot rule for it to let bots through. */
function checkAllowBots(options: FingerprintGuardOptions<never>): void {
  if (options.allowBots === undefined) return;
  const on = [options.deny, options.stepUp].some((rules) => rules?.bot === true || rules?.goodBot === true);
  if (!on)
    throw configError(
      'allowBots lets identified bots through the bot rules, and none is on: add deny: { bot: true } (or goodBot, or either under stepUp), or remove allowBots.',
    );
}

/** Both lists, every value already checked by the guard's schema; each rule a provider can never evaluate is logged once. */
export function compileRuleSets(
  options: FingerprintGuardOptions<never>,
  providers: ReadonlySet<ResultSource>,
  logger: GuardLogger,
): CompiledRuleSets {
  const { stepUp, allowBots } = options;
  checkAllowBots(options);
  if (stepUp !== undefined) checkOverlap(options, stepUp);
  const deny = ruleSet(options, allowBots, '', logger);
  const asks = stepUp === undefined ? [] : ruleSet(splitStepUp(stepUp), allowBots, 'stepUp.', logger);
  reportNeverEvaluable(
    deny.map((rule) => rule.name),
    providers,
    logger,
  );
  reportNeverEvaluable(
    asks.map((rule) => rule.name),
    providers,
    logger,
    'asked to step up by',
  );
  return { deny, stepUp: asks };
}
