/**
 * The guard's pipeline: credential → authenticate → age → rules and binding → claim → check. A
 * request with no credential, on a guard with `fingerprint.edge`, is evaluated by Fingerprint's
 * `/v4/edge` instead, and goes through the rules and the check only: there is nothing to date,
 * bind or claim (decision 0013).
 */
import { FingerprintGuardError, isFingerprintGuardError } from '../errors.js';
import type { ResolvedGuardConfig } from '../options/resolve.js';
import { createClaimStep } from './claim-step.js';
import { defaultCredential, fromUserCredential, unacceptedCredential, type ExtractedCredential } from './credential.js';
import { missingCredentialError } from './missing-credential.js';
import { isEdgeResult } from '../edge/read-edge.js';
import { deniedBy, type RuleOutcome } from './rules.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { StepUpRule } from '../options/types.js';
import type { GuardRequest } from './types.js';
import type { GuardStage, IpSource } from '../result/decision.js';

/** A denial and the stage that made it. */
export interface Denial {
  stage: Exclude<GuardStage, 'allowed'>;
  error: FingerprintGuardError;
}

/** What the pipeline found: the result (once authenticated), the first denial, and the time each stage took. */
export interface PipelineOutcome {
  fingerprint: Fingerprint | undefined;
  denial: Denial | undefined;
  durations: { authenticateMs: number; replayMs?: number };
  ipSource: IpSource | undefined;
  /** The clock read that timed the claim, when nothing ran after it: the decision's end too, without a read of its own. */
  endedAt: number | undefined;
}
type Outcome = PipelineOutcome;

export function createPipeline<Req>(config: ResolvedGuardConfig<Req>) {
  const { authenticators, maxAgeMs, clockSkewMs, logger, rules, binding, check, getCredential, edge, sources } = config;
  const enforce = config.mode === 'enforce';
  const accepted = new Set(authenticators.keys());

  /**
   * The result, or a promise of it: a sealed result read from the headers on Node is authenticated
   * synchronously, and the pipeline then awaits nothing until the claim. Throws, or rejects.
   */
  function authenticate(request: Req, input: GuardRequest | undefined): Fingerprint | Promise<Fingerprint> {
    if (getCredential) return authenticateUserCredential(request, input);
    const source = input ?? (request as GuardRequest);
    const readable = typeof source?.headers === 'object' && source.headers !== null;
    const credential = readable ? defaultCredential(source, sources) : undefined;
    if (credential === undefined) return withoutCredential(request, input, readable ? source : undefined);
    return authenticateWith(credential, request, input);
  }

  async function authenticateUserCredential(request: Req, input: GuardRequest | undefined): Promise<Fingerprint> {
    const credential = fromUserCredential(await getCredential!(request));
    if (credential === undefined) return withoutCredential(request, input, undefined);
    return authenticateWith(credential, request, input);
  }

  /**
   * No credential the guard takes: the edge evaluation, when configured and the request carries
   * no credential of any kind (one this guard does not take is a mistake to report, not to paper
   * over); otherwise CREDENTIAL_MISSING.
   */
  function withoutCredential(request: Req, input: GuardRequest | undefined, source: GuardRequest | undefined) {
    const carriesOther = source !== undefined && unacceptedCredential(source, accepted) !== undefined;
    if (edge === undefined || carriesOther) throw missingCredential(source);
    return edge.evaluate(request, input);
  }

  function authenticateWith(credential: ExtractedCredential, request: Req, input: GuardRequest | undefined) {
    // The framework's client IP shares waiting provider calls fairly between clients. A sealed
    // result calls no provider, so the IP (a getter that parses headers on some adapters) is not read.
    const caller = credential.kind === 'sealed' ? undefined : (input?.ip ?? (request as GuardRequest)?.ip);
    return authenticators.get(credential.kind)!(credential.value, caller);
  }

  const missingCredential = missingCredentialError(accepted, logger);
  const claim = createClaimStep(config);

  function checkAge(fingerprint: Fingerprint, now: number): FingerprintGuardError | undefined {
    // One boundary with the store: a claim expires at timestamp + window, and an event exactly maxAge old is refused.
    const age = now - fingerprint.timestamp;
    if (age >= maxAgeMs) {
      return new FingerprintGuardError('EVENT_EXPIRED', `The identification is older than maxAge (${maxAgeMs} ms).`);
    }
    if (fingerprint.timestamp - now > clockSkewMs) {
      return new FingerprintGuardError(
        'EVENT_FROM_FUTURE',
        `The identification is dated more than clockSkew (${clockSkewMs} ms) ahead.`,
      );
    }
    return undefined;
  }

  /** A rule's outcome as a denial, or nothing when it passed or may be skipped. */
  function toDenial(outcome: RuleOutcome | undefined): FingerprintGuardError | undefined {
    if (outcome === undefined || (outcome.reason === 'unavailable' && config.onUnavailableSignal === 'allow'))
      return undefined;
    return deniedBy(outcome.rule, outcome.message, undefined, outcome.ruleAction);
  }

  function judgeRules(fingerprint: Fingerprint): FingerprintGuardError | undefined {
    for (const rule of rules) {
      const denial = toDenial(rule.judge(fingerprint));
      if (denial) return denial;
    }
    return undefined;
  }

  /** The first `stepUp` rule that does not pass (an unreported signal asks too, unless `onUnavailableSignal: 'allow'`). */
  function askStepUp(fingerprint: Fingerprint): void {
    for (const rule of config.stepUpRules) {
      const outcome = rule.judge(fingerprint);
      if (outcome === undefined || (outcome.reason === 'unavailable' && config.onUnavailableSignal === 'allow'))
        continue;
      fingerprint.stepUp = { rule: outcome.rule as StepUpRule, reason: outcome.reason };
      return;
    }
  }

  async function runCheck(
    check: NonNullable<typeof config.check>,
    fingerprint: Fingerprint,
    request: Req,
    route: string | undefined,
  ): Promise<FingerprintGuardError | undefined> {
    try {
      return (await check(fingerprint, request)) === false
        ? deniedBy('check', 'The request was denied by a custom check.')
        : undefined;
    } catch (error) {
      if (isFingerprintGuardError(error)) return error;
      logger.error('fingerprint-guard: the custom check threw; the request is denied.', {
        event: 'check-failed',
        eventId: fingerprint.eventId,
        route,
        error: String(error),
      });
      return deniedBy('check', 'The request was denied: the custom check failed.', error);
    }
  }

  /** A user callback (`getCredential`, `clientIp`, `bind.linkedId`) that throws denies the request; it never escapes as a crash. */
  function fromCallbackFailure(stage: Denial['stage'], error: unknown, route: string | undefined): Denial {
    if (isFingerprintGuardError(error)) return { stage, error };
    logger.error(`fingerprint-guard: a callback threw during ${stage}; the request is denied.`, {
      event: 'callback-failed',
      stage,
      route,
      error: String(error),
    });
    return { stage, error: deniedBy(stage, 'The request was denied: a guard callback failed.', error) };
  }

  /**
   * Runs the stages in order, and answers the outcome itself where no stage answered a promise: a
   * sealed result on Node claimed in a synchronous store (the memory store) takes no microtask, so
   * that an adapter can let the request through in the tick it arrived in (an `await` there costs
   * a socket write of its own, ≈ 7 µs a request over HTTP). A provider call, an async store,
   * binding or the custom check continue from their promise. Throws, or rejects, only on a bug.
   * `started` is the caller's `performance.now()` when the decision began.
   */
  return function run(
    request: Req,
    input: GuardRequest | undefined,
    route: string | undefined,
    started: number,
  ): Outcome | Promise<Outcome> {
    let authenticated: Fingerprint | Promise<Fingerprint>;
    try {
      authenticated = authenticate(request, input);
    } catch (error) {
      return notAuthenticated(error, started, route);
    }
    if (!(authenticated instanceof Promise)) return judge(authenticated, request, input, route, started);
    return authenticated.then(
      (fingerprint) => judge(fingerprint, request, input, route, started),
      (error: unknown) => notAuthenticated(error, started, route),
    );
  };

  function notAuthenticated(error: unknown, started: number, route: string | undefined): Outcome {
    const stage = isFingerprintGuardError(error) && error.code === 'CREDENTIAL_MISSING' ? 'credential' : 'authenticate';
    return {
      fingerprint: undefined,
      denial: fromCallbackFailure(stage, error, route),
      durations: { authenticateMs: performance.now() - started },
      ipSource: undefined,
      endedAt: undefined,
    };
  }

  /** Records the first denial (monitor mode runs every stage, so the request is claimed, and reports the first); whether to stop here. */
  function deny(outcome: Outcome, stage: Denial['stage'], error: FingerprintGuardError | undefined): boolean {
    if (error && !outcome.denial) outcome.denial = { stage, error };
    return error !== undefined && enforce;
  }

  function judge(
    fingerprint: Fingerprint,
    request: Req,
    input: GuardRequest | undefined,
    route: string | undefined,
    started: number,
  ): Outcome | Promise<Outcome> {
    const authenticated = performance.now();
    const outcome: Outcome = {
      fingerprint,
      denial: undefined,
      durations: { authenticateMs: authenticated - started },
      ipSource: undefined,
      endedAt: undefined,
    };
    // An edge evaluation is made now, of this request: it has no age to check, nor anything to bind.
    const evaluated = isEdgeResult(fingerprint);
    if (!evaluated && deny(outcome, 'age', checkAge(fingerprint, Date.now()))) return outcome;
    const ruleDenial = judgeRules(fingerprint);
    if (deny(outcome, 'rules', ruleDenial)) return outcome;
    // Step-up is a third verdict: the request goes on (bound, claimed, checked), its route asks for more.
    if (ruleDenial === undefined) askStepUp(fingerprint);
    if (binding && !evaluated) return bindThenClaim(outcome, request, input, route);
    // The age and rules took no time worth a clock read of its own: the claim starts where authentication ended.
    return claimThenCheck(outcome, request, route, authenticated);
  }

  async function bindThenClaim(
    outcome: Outcome,
    request: Req,
    input: GuardRequest | undefined,
    route: string | undefined,
  ): Promise<Outcome> {
    let refused: FingerprintGuardError | undefined;
    try {
      const verdict = await binding!.judge(outcome.fingerprint!, request, input ?? (request as GuardRequest));
      outcome.ipSource = verdict.ipSource;
      refused = toDenial(verdict.outcome);
    } catch (error) {
      refused = fromCallbackFailure('binding', error, route).error;
    }
    if (deny(outcome, 'binding', refused)) return outcome;
    return claimThenCheck(outcome, request, route, performance.now());
  }

  function claimThenCheck(
    outcome: Outcome,
    request: Req,
    route: string | undefined,
    claimStarted: number,
  ): Outcome | Promise<Outcome> {
    const claiming = claim(outcome.fingerprint!, route);
    if (!(claiming instanceof Promise)) return afterClaim(outcome, claiming, claimStarted, request, route);
    return claiming.then((replayed) => afterClaim(outcome, replayed, claimStarted, request, route));
  }

  /** After the claim: its verdict, then the custom check when nothing denied. */
  function afterClaim(
    outcome: Outcome,
    replayed: FingerprintGuardError | undefined,
    claimStarted: number,
    request: Req,
    route: string | undefined,
  ): Outcome | Promise<Outcome> {
    const claimEnded = performance.now();
    outcome.durations.replayMs = claimEnded - claimStarted;
    if (deny(outcome, 'replay', replayed) || !check || outcome.denial) {
      outcome.endedAt = claimEnded;
      return outcome;
    }
    return runCheck(check, outcome.fingerprint!, request, route).then((failed) => {
      deny(outcome, 'check', failed);
      return outcome;
    });
  }
}
