/** Every guard option checked once, into the resolved configuration the pipeline reads. */
import { toMilliseconds } from '../duration.js';
import { configError } from '../errors.js';
import { resolveReplay, type ResolvedReplay } from '../replay/options.js';
import { checkFitsWindow } from '../replay/window.js';
import { compileBinding, type CompiledBinding } from '../guard/binding.js';
import { createAuthenticators, type Authenticators } from '../guard/authenticate.js';
import { GUARD_OPTIONS } from './guard-schema.js';
import { checkOptions } from '../schema/schema.js';
import { warnWhenRebuilt } from './rebuilt.js';
import type { ResultSource, RuleOutcome } from '../guard/rules.js';
import { edgeEvaluator, type EdgeEvaluator } from '../edge/evaluator.js';
import { compileRuleSets } from '../guard/rule-set.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { FingerprintEdgeOptions, FingerprintGuardOptions, UnavailableSignalPolicy } from './types.js';
import { credentialSources, type CredentialSource } from '../guard/credential.js';
import type { GuardLogger } from '../logger.js';
import type { GuardMode } from '../result/decision.js';

export const DEFAULT_MAX_AGE = '2m';
export const DEFAULT_CLOCK_SKEW = '10s';
export interface ResolvedGuardConfig<Req> {
  authenticators: Authenticators;
  maxAgeMs: number;
  clockSkewMs: number;
  mode: GuardMode;
  onStoreError: 'deny' | 'allow';
  onUnavailableSignal: UnavailableSignalPolicy;
  logger: GuardLogger;
  rules: ReadonlyArray<{ name: string; judge: (fingerprint: Fingerprint) => RuleOutcome | undefined }>;
  /** `stepUp`'s rules, judged when no rule denied: the first that does not pass asks for step-up. */
  stepUpRules: ResolvedGuardConfig<Req>['rules'];
  binding: CompiledBinding<Req> | undefined;
  /** `fingerprint.edge`: evaluates a request that carries no credential. */
  edge: EdgeEvaluator<Req> | undefined;
  replay: ResolvedReplay | undefined;
  check: FingerprintGuardOptions<Req>['check'];
  getCredential: FingerprintGuardOptions<Req>['getCredential'];
  /** Where the guard looks for a credential of a kind it takes, in order (unless `getCredential` finds it). */
  sources: readonly CredentialSource[];
}

/** Checks `options` once; a mistake throws `CONFIG_INVALID` naming the option. */
export function resolveGuardConfig<Req>(options: FingerprintGuardOptions<Req>): ResolvedGuardConfig<Req> {
  checkOptions(options, GUARD_OPTIONS, 'the guard');
  const logger = options.logger ?? console;
  warnWhenRebuilt(options, logger);
  const authenticators = createAuthenticators(options);
  const providers = new Set<ResultSource>(
    [...authenticators.keys()].map((kind) => (kind === 'cside' ? 'cside' : 'fingerprint')),
  );
  const edge = edgeOf(options, logger);
  if (edge) providers.add('edge');
  const maxAgeMs = toMilliseconds(options.maxAge ?? DEFAULT_MAX_AGE, 'maxAge');
  const clockSkewMs = toMilliseconds(options.clockSkew ?? DEFAULT_CLOCK_SKEW, 'clockSkew');
  if (maxAgeMs <= 0) throw configError('maxAge must be more than 0.');
  const rules = compileRuleSets(options as FingerprintGuardOptions<never>, providers, logger);
  return {
    authenticators,
    maxAgeMs,
    clockSkewMs,
    mode: options.mode ?? 'enforce',
    onStoreError: options.onStoreError ?? 'deny',
    onUnavailableSignal: options.onUnavailableSignal ?? 'deny',
    logger,
    rules: rules.deny,
    stepUpRules: rules.stepUp,
    binding: compileBinding(options.bind, options.clientIp, providers, logger),
    edge,
    replay: replayOf(options, maxAgeMs, clockSkewMs, logger),
    check: options.check,
    getCredential: options.getCredential,
    sources: credentialSources(new Set(authenticators.keys())),
  };
}

/** The edge step, when configured; a `clientIp` preset's notice is logged once, by `bind.ip` when it reads it too. */
function edgeOf<Req>(options: FingerprintGuardOptions<Req>, logger: GuardLogger): EdgeEvaluator<Req> | undefined {
  const edge = options.fingerprint?.edge as FingerprintEdgeOptions | undefined;
  if (edge === undefined) return undefined;
  const quiet = { warn() {}, error() {} };
  return edgeEvaluator<Req>(edge, options.clientIp, options.negativeCache, options.bind?.ip ? quiet : logger);
}

/** The guard's replay settings; `replay: false` is said once, as a warning. */
function replayOf(
  options: FingerprintGuardOptions<never>,
  maxAgeMs: number,
  clockSkewMs: number,
  logger: GuardLogger,
): ResolvedReplay | undefined {
  const replay = resolveReplay(options.replay);
  if (replay === undefined) {
    logger.warn(
      'fingerprint-guard: replay protection is off (replay: false); a sealed result can be reused until it expires.',
      { event: 'replay-disabled' },
    );
    return undefined;
  }
  checkFitsWindow(maxAgeMs, clockSkewMs, replay.windowMs, 'the guard');
  return replay;
}
