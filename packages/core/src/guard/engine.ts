/** createFingerprintGuard: credential → authenticate → age → rules and binding → claim → check. */
import { FingerprintGuardError, isFingerprintGuardError } from '../errors.js';
import type { DecisionReport } from '../observe/decision.js';
import { createObserver } from '../observe/observer.js';
import { resolveGuardConfig, type ResolvedGuardConfig } from './config.js';
import { defaultCredential, fromUserCredential, type ExtractedCredential } from './credential.js';
import { claimWithin } from './replay.js';
import { deniedBy, type RuleOutcome } from './rules.js';
import type { Fingerprint, FingerprintGuard, FingerprintGuardOptions, GuardDecision, GuardMode, GuardRequest, GuardStage } from './types.js';

/** A denial and the stage that made it. */
interface Denial {
  stage: Exclude<GuardStage, 'allowed'>;
  error: FingerprintGuardError;
}

/**
 * Builds the guard once; adapters and your own code call `verify` or `decide` per request.
 * Options are checked here, and a mistake throws `CONFIG_INVALID` at start-up.
 *
 * Checks run in this order, and the first that fails decides: the credential is authenticated
 * (unsealed, or fetched from the provider), its age checked, the declarative rules and `bind`
 * applied, and only then is it claimed in the replay store (so denied traffic takes no room
 * there), before your own `check`. In monitor mode every check runs and nothing is denied.
 *
 * @example
 * const guard = createFingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } });
 * const fingerprint = await guard.verify({ headers: request.headers, body });
 */
export function createFingerprintGuard<Req = GuardRequest, M extends GuardMode = 'enforce'>(
  options: FingerprintGuardOptions<Req> & { mode?: M },
): FingerprintGuard<Req, M> {
  const config = resolveGuardConfig(options);
  const pipeline = createPipeline(config);
  const observer = createObserver(options, config.logger);
  const mode = config.mode as M;

  async function evaluate(request: Req, input: GuardRequest | undefined): Promise<GuardDecision> {
    const started = performance.now();
    const { fingerprint, denial, durations } = await pipeline(request, input);
    const timed = { ...durations, totalMs: performance.now() - started };
    if (denial === undefined) return { allowed: true, fingerprint, stage: 'allowed', durations: timed };
    const { error, stage } = denial;
    if (mode === 'enforce') return { allowed: false, fingerprint, error, rule: error.rule, stage, durations: timed };
    config.logger.warn(`fingerprint-guard (monitor): would deny with ${error.code}.`, {
      event: 'monitor-would-deny',
      code: error.code,
      rule: error.rule,
      stage,
      eventId: fingerprint?.eventId,
      message: error.message,
    });
    if (fingerprint) fingerprint.denial = error;
    return { allowed: true, fingerprint, error, rule: error.rule, stage, durations: timed };
  }

  const toReport = (decision: GuardDecision): DecisionReport => reportOf(decision, mode);
  const decide = (request: Req, input?: GuardRequest) => observer.observe(request, () => evaluate(request, input), toReport);

  return {
    mode,
    needsAdapterIp: config.binding?.needsAdapterIp ?? false,
    decide,
    async verify(request, input) {
      const decision = await decide(request, input);
      if (decision.allowed && decision.fingerprint) return decision.fingerprint;
      throw decision.error;
    },
  };
}

/** What `onDecision` and OpenTelemetry see of a decision: no key material, token or sealed input. */
function reportOf(decision: GuardDecision, mode: GuardMode): DecisionReport {
  const { fingerprint, error } = decision;
  const denied = !decision.allowed && error !== undefined;
  return {
    outcome: denied ? error.code : 'allowed',
    ...(denied && error.rule !== undefined ? { rule: error.rule } : {}),
    stage: decision.stage,
    mode,
    provider: fingerprint?.provider,
    via: fingerprint?.via,
    eventId: fingerprint?.eventId,
    visitorId: fingerprint?.visitorId,
    keyIndex: fingerprint?.provider === 'fingerprint' ? fingerprint.keyIndex : undefined,
    replayCheck: fingerprint?.replayCheck,
    ...(decision.allowed && error ? { wouldDeny: { code: error.code, ...(error.rule === undefined ? {} : { rule: error.rule }) } } : {}),
    durations: decision.durations,
  };
}

function createPipeline<Req>(config: ResolvedGuardConfig<Req>) {
  const { authenticators, maxAgeMs, clockSkewMs, replay, logger, rules, binding, check, getCredential } = config;
  const enforce = config.mode === 'enforce';
  const accepted = new Set(authenticators.keys());

  async function extract(request: Req, input: GuardRequest | undefined): Promise<ExtractedCredential | undefined> {
    if (getCredential) return fromUserCredential(await getCredential(request));
    const source = input ?? (request as GuardRequest);
    return typeof source?.headers === 'object' && source.headers !== null ? defaultCredential(source, accepted) : undefined;
  }

  async function authenticate(request: Req, input: GuardRequest | undefined): Promise<Fingerprint> {
    const credential = await extract(request, input);
    if (credential === undefined) {
      throw new FingerprintGuardError('CREDENTIAL_MISSING', 'The request carries no credential: no sealed result, event id or cside token.');
    }
    return authenticators.get(credential.kind)!(credential.value);
  }

  function checkAge(fingerprint: Fingerprint, now: number): FingerprintGuardError | undefined {
    // One boundary with the store: a claim expires at timestamp + window, and an event exactly maxAge old is refused.
    if (now - fingerprint.timestamp >= maxAgeMs) {
      return new FingerprintGuardError('EVENT_EXPIRED', `The identification is older than maxAge (${maxAgeMs} ms).`);
    }
    if (fingerprint.timestamp - now > clockSkewMs) {
      return new FingerprintGuardError('EVENT_FROM_FUTURE', `The identification is dated more than clockSkew (${clockSkewMs} ms) ahead.`);
    }
    return undefined;
  }

  /** A rule's outcome as a denial, or nothing when it passed or may be skipped. */
  function toDenial(outcome: RuleOutcome | undefined): FingerprintGuardError | undefined {
    if (outcome === undefined || (outcome.reason === 'unavailable' && config.onUnavailableSignal === 'allow')) return undefined;
    return deniedBy(outcome.rule, outcome.message);
  }

  function judgeRules(fingerprint: Fingerprint): FingerprintGuardError | undefined {
    for (const rule of rules) {
      const denial = toDenial(rule.judge(fingerprint));
      if (denial) return denial;
    }
    return undefined;
  }

  /** Claims the event; returns the denial, if any, and records on the result how the check went. */
  async function claim(fingerprint: Fingerprint): Promise<FingerprintGuardError | undefined> {
    if (replay === undefined) {
      fingerprint.replayCheck = 'disabled';
      return undefined;
    }
    const expiresAtMs = fingerprint.timestamp + replay.claimWindowMs();
    try {
      const firstUse = await claimWithin(replay.store, fingerprint.eventId, expiresAtMs, replay.timeoutMs);
      fingerprint.replayCheck = firstUse ? 'claimed' : 'replayed';
      if (firstUse) return undefined;
      const what = fingerprint.provider === 'cside' ? 'This cside session token was' : 'This identification was';
      return new FingerprintGuardError('EVENT_REPLAYED', `${what} already used.`);
    } catch (error) {
      const unavailable = error as FingerprintGuardError;
      if (config.onStoreError === 'deny') return unavailable;
      logger.warn('fingerprint-guard: replay store failed; request allowed without a replay check (onStoreError: allow).', {
        event: 'store-failed-open',
        code: unavailable.code,
        eventId: fingerprint.eventId,
        message: unavailable.message,
      });
      fingerprint.replayCheck = 'store-failed-open';
      return undefined;
    }
  }

  async function runCheck(fingerprint: Fingerprint, request: Req): Promise<FingerprintGuardError | undefined> {
    if (!check) return undefined;
    try {
      return (await check(fingerprint, request)) === false ? deniedBy('check', 'The request was denied by a custom check.') : undefined;
    } catch (error) {
      if (isFingerprintGuardError(error)) return error;
      logger.error('fingerprint-guard: the custom check threw; the request is denied.', {
        event: 'check-failed',
        eventId: fingerprint.eventId,
        error: String(error),
      });
      return deniedBy('check', 'The request was denied: the custom check failed.', error);
    }
  }

  /** A user callback (`getCredential`, `clientIp`, `bind.linkedId`) that throws denies the request; it never escapes as a crash. */
  function fromCallbackFailure(stage: Denial['stage'], error: unknown): Denial {
    if (isFingerprintGuardError(error)) return { stage, error };
    logger.error(`fingerprint-guard: a callback threw during ${stage}; the request is denied.`, { event: 'callback-failed', stage, error: String(error) });
    return { stage, error: deniedBy(stage, 'The request was denied: a guard callback failed.', error) };
  }

  type Outcome = { fingerprint?: Fingerprint; denial?: Denial; durations: { authenticateMs: number; replayMs?: number } };

  return async function run(request: Req, input: GuardRequest | undefined): Promise<Outcome> {
    const started = performance.now();
    let fingerprint: Fingerprint;
    try {
      fingerprint = await authenticate(request, input);
    } catch (error) {
      const stage = isFingerprintGuardError(error) && error.code === 'CREDENTIAL_MISSING' ? 'credential' : 'authenticate';
      return { denial: fromCallbackFailure(stage, error), durations: { authenticateMs: performance.now() - started } };
    }
    const durations: Outcome['durations'] = { authenticateMs: performance.now() - started };
    // Monitor mode runs every stage (the request goes on, so it must be claimed); it reports the first denial.
    let denial: Denial | undefined;
    const deny = (stage: Denial['stage'], error: FingerprintGuardError | undefined) => {
      if (error && !denial) denial = { stage, error };
      return error !== undefined && enforce;
    };
    if (deny('age', checkAge(fingerprint, Date.now()))) return { fingerprint, denial, durations };
    if (deny('rules', judgeRules(fingerprint))) return { fingerprint, denial, durations };
    if (binding) {
      let outcome: FingerprintGuardError | undefined;
      try {
        outcome = toDenial(await binding.judge(fingerprint, request, input ?? (request as GuardRequest)));
      } catch (error) {
        outcome = fromCallbackFailure('binding', error).error;
      }
      if (deny('binding', outcome)) return { fingerprint, denial, durations };
    }
    const claimStarted = performance.now();
    const replayed = await claim(fingerprint);
    durations.replayMs = performance.now() - claimStarted;
    if (deny('replay', replayed)) return { fingerprint, denial, durations };
    if (!denial && deny('check', await runCheck(fingerprint, request))) return { fingerprint, denial, durations };
    return { fingerprint, denial, durations };
  };
}
