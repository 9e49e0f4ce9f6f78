/** createFingerprintGuard: builds the guard, runs its pipeline, reports and answers each decision. */
import type { DecisionReport } from '../result/decision.js';
import { createObserver } from '../observe/observer.js';
import { reportOf } from '../observe/report.js';
import { resolveGuardConfig } from '../options/resolve.js';
import { lazyGuard } from './lazy.js';
import { ADAPTER_NEEDS, DECIDE_NOW, type AdapterNeeds, type DecideNow } from './plumbing.js';
import { readOptions } from '../options/from-function.js';
import { createPipeline, type Denial, type PipelineOutcome } from '../guard/pipeline.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { FingerprintGuardEngine, GuardRequest } from '../guard/types.js';
import type { FingerprintGuardOptions } from '../options/types.js';
import type { DecisionDurations, GuardDecision, GuardMode } from '../result/decision.js';

/**
 * Builds the guard once; adapters and your own code call `verify` or `decide` per request.
 * Options are checked here, and a mistake throws `CONFIG_INVALID` at start-up.
 *
 * Checks run in this order, and the first that fails decides: the credential is authenticated
 * (unsealed, or fetched from the provider), its age checked, the declarative rules and `bind`
 * applied, and only then is it claimed in the replay store (so denied traffic takes no room
 * there), before your own `check`. In monitor mode every check runs and nothing is denied.
 *
 * Pass a function instead of options to build the guard at its first request, not at start-up:
 * a module that defines it then loads without secrets (a `next build` in CI, a Docker image
 * build). A mistake in the options, or a throw of the function (a variable it reads is unset),
 * is then `CONFIG_INVALID` at that request, and again at every request until it is fixed.
 *
 * @example
 * const guard = createFingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } });
 * const fingerprint = await guard.verify({ headers: request.headers, body });
 * // Built at the first request: process.env is read then.
 * export const lazy = createFingerprintGuard(() => ({ fingerprint: { keys: process.env.FP_SEALED_KEYS!.split(',') } }));
 */
/** The route the adapter named, if any: computed once per request. */
function routeOf(request: unknown, input: GuardRequest | undefined): string | undefined {
  const route = (input ?? (request as GuardRequest | undefined))?.route;
  return typeof route === 'string' ? route : undefined;
}

export function createFingerprintGuard<Req = GuardRequest, M extends GuardMode = 'enforce'>(
  options: (FingerprintGuardOptions<Req> & { mode?: M }) | (() => FingerprintGuardOptions<Req> & { mode?: M }),
): FingerprintGuardEngine<Req, M> {
  if (typeof options === 'function') return lazyGuard(() => createFingerprintGuard<Req, M>(readOptions(options)));
  const config = resolveGuardConfig(options);
  const pipeline = createPipeline(config);
  const observer = createObserver(options, config.logger);
  const mode = config.mode as M;

  function evaluate(
    request: Req,
    input: GuardRequest | undefined,
    started: number,
  ): GuardDecision | Promise<GuardDecision> {
    const route = routeOf(request, input);
    const outcome = pipeline(request, input, route, started);
    if (!(outcome instanceof Promise)) return decisionOf(outcome, started, route);
    return outcome.then((settled) => decisionOf(settled, started, route));
  }

  // Built as literals, not spreads: object spread is the costliest step left per request.
  function decisionOf(outcome: PipelineOutcome, started: number, route: string | undefined): GuardDecision {
    const { fingerprint, denial, ipSource } = outcome;
    // The pipeline's own record, completed: no copy.
    const durations = outcome.durations as DecisionDurations;
    durations.totalMs = (outcome.endedAt ?? performance.now()) - started;
    const decision: GuardDecision =
      denial === undefined
        ? { allowed: true, fingerprint, stage: 'allowed', durations, route }
        : {
            allowed: mode !== 'enforce',
            fingerprint,
            error: denial.error,
            rule: denial.error.rule,
            stage: denial.stage,
            durations,
            route,
          };
    if (ipSource !== undefined) decision.ipSource = ipSource;
    if (denial !== undefined && mode !== 'enforce') wouldDeny(denial, fingerprint, route);
    return decision;
  }

  /** Monitor mode: the denial is logged and carried on the result, and the request goes on. */
  function wouldDeny(denial: Denial, fingerprint: Fingerprint | undefined, route: string | undefined): void {
    const { error, stage } = denial;
    config.logger.warn(`fingerprint-guard (monitor): would deny with ${error.code}.`, {
      event: 'monitor-would-deny',
      code: error.code,
      rule: error.rule,
      stage,
      eventId: fingerprint?.eventId,
      route,
      message: error.message,
    });
    if (fingerprint) fingerprint.denial = error;
  }

  const toReport = (decision: GuardDecision): DecisionReport => reportOf(decision, mode);
  /** The decision, without a promise when no stage answered one; a failure is a rejection, as from `decide`. */
  const decideNow: DecideNow<Req> = (request, input) => {
    try {
      const started = performance.now();
      // The common case, nothing observing: no callback made for `observe`.
      if (observer.idle(started)) return evaluate(request, input, started);
      return observer.observe(request, () => evaluate(request, input, performance.now()), toReport);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const decide = (request: Req, input?: GuardRequest) => Promise.resolve(decideNow(request, input));

  const guard: FingerprintGuardEngine<Req, M> & { [ADAPTER_NEEDS]: AdapterNeeds; [DECIDE_NOW]: DecideNow<Req> } = {
    mode,
    [DECIDE_NOW]: decideNow,
    [ADAPTER_NEEDS]: {
      clientIp: (config.binding?.needsAdapterIp ?? false) || (config.edge?.needsAdapterIp ?? false),
      peer: (config.binding?.needsAdapterPeer ?? false) || (config.edge?.needsPeer ?? false),
      credentialHeader: config.getCredential ? undefined : config.sources[0]?.header,
    },
    decide,
    async verify(request, input) {
      const decision = await decide(request, input);
      if (decision.allowed && decision.fingerprint) return decision.fingerprint;
      throw decision.error;
    },
  };
  return guard;
}
