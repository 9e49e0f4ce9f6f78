/** Every guard option checked once, into the resolved configuration the pipeline reads. */
import { canonicalToken, createCsideClient } from '../cside/client.js';
import { toMilliseconds } from '../duration.js';
import { configError } from '../errors.js';
import { defaultReplayStore } from '../replay/shared.js';
import type { ReplayStore } from '../replay/types.js';
import { checkFitsWindow, replayWindowOf } from '../replay/window.js';
import { createUnsealer } from '../sealed/index.js';
import { createServerApiClient } from '../server-api/client.js';
import { compileBinding, type CompiledBinding } from './binding.js';
import type { CredentialKind } from './credential.js';
import { fromCsideEvaluation } from './cside-result.js';
import { checkKnownOptions } from './known-options.js';
import { resolveNegativeCache, sharedProviderCalls, type ProviderAuthenticate } from './provider-calls.js';
import { warnWhenRebuilt } from './rebuilt.js';
import { compileRules, type Provider, type RuleOutcome } from './rules.js';
import { fromFingerprintEvent } from './signals.js';
import type { Fingerprint, FingerprintGuardOptions, GuardLogger, GuardMode, UnavailableSignalPolicy } from './types.js';

export const DEFAULT_MAX_AGE = '2m';
export const DEFAULT_CLOCK_SKEW = '10s';
const DEFAULT_STORE_TIMEOUT = '1s';

/** Authenticates one credential; `caller` (the client IP) shares waiting provider calls fairly. */
export type Authenticate = ProviderAuthenticate;

export interface ResolvedReplay {
  store: ReplayStore;
  timeoutMs: number;
  /** The store's window: every claim lasts until the event's timestamp plus this. */
  windowMs: number;
}

export interface ResolvedGuardConfig<Req> {
  authenticators: ReadonlyMap<CredentialKind, Authenticate>;
  maxAgeMs: number;
  clockSkewMs: number;
  mode: GuardMode;
  onStoreError: 'deny' | 'allow';
  onUnavailableSignal: UnavailableSignalPolicy;
  logger: GuardLogger;
  rules: ReadonlyArray<{ name: string; judge: (fingerprint: Fingerprint) => RuleOutcome | undefined }>;
  binding: CompiledBinding<Req> | undefined;
  replay: ResolvedReplay | undefined;
  check: FingerprintGuardOptions<Req>['check'];
  getCredential: FingerprintGuardOptions<Req>['getCredential'];
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, name: string): T {
  const resolved = value ?? fallback;
  if (!allowed.includes(resolved)) throw configError(`${name} must be ${allowed.map((v) => `'${v}'`).join(' or ')}.`);
  return resolved;
}

/** Checks `options` once; a mistake throws `CONFIG_INVALID` naming the option. */
export function resolveGuardConfig<Req>(options: FingerprintGuardOptions<Req>): ResolvedGuardConfig<Req> {
  if (typeof options !== 'object' || options === null) throw configError('the guard needs an options object.');
  checkKnownOptions(options);
  const logger = options.logger ?? console;
  if (typeof logger?.warn !== 'function' || typeof logger.error !== 'function')
    throw configError('logger must have warn() and error() methods.');
  warnWhenRebuilt(options, logger);
  const authenticators = createAuthenticators(options);
  const providers = new Set<Provider>(
    [...authenticators.keys()].map((kind) => (kind === 'cside' ? 'cside' : 'fingerprint')),
  );
  const maxAgeMs = toMilliseconds(options.maxAge ?? DEFAULT_MAX_AGE, 'maxAge');
  const clockSkewMs = toMilliseconds(options.clockSkew ?? DEFAULT_CLOCK_SKEW, 'clockSkew');
  if (maxAgeMs <= 0) throw configError('maxAge must be more than 0.');
  const { check, getCredential } = options;
  for (const [name, value] of Object.entries({ check, getCredential })) {
    if (value !== undefined && typeof value !== 'function') throw configError(`${name} must be a function.`);
  }
  return {
    authenticators,
    maxAgeMs,
    clockSkewMs,
    mode: oneOf(options.mode, ['enforce', 'monitor'], 'enforce', 'mode'),
    onStoreError: oneOf(options.onStoreError, ['deny', 'allow'], 'deny', 'onStoreError'),
    onUnavailableSignal: oneOf(options.onUnavailableSignal, ['deny', 'allow'], 'deny', 'onUnavailableSignal'),
    logger,
    rules: compileRules(options, providers, logger),
    binding: compileBinding(options.bind, options.clientIp, providers, logger),
    replay: resolveReplay(options, maxAgeMs, clockSkewMs, logger),
    check,
    getCredential,
  };
}

function resolveReplay(
  options: FingerprintGuardOptions<never>,
  maxAgeMs: number,
  clockSkewMs: number,
  logger: GuardLogger,
): ResolvedReplay | undefined {
  if (options.replay === false) {
    logger.warn(
      'fingerprint-guard: replay protection is off (replay: false); a sealed result can be reused until it expires.',
      {
        event: 'replay-disabled',
      },
    );
    return undefined;
  }
  const replay = options.replay ?? {};
  if (typeof replay !== 'object' || replay === null) throw configError('replay must be false or { store, timeout }.');
  const store = replay.store ?? defaultReplayStore();
  if (typeof store?.claim !== 'function') throw configError('replay.store must have a claim(key, expiresAtMs) method.');
  const windowMs = replayWindowOf(store);
  checkFitsWindow(maxAgeMs, clockSkewMs, windowMs, 'the guard');
  return { store, timeoutMs: toMilliseconds(replay.timeout ?? DEFAULT_STORE_TIMEOUT, 'replay.timeout'), windowMs };
}

/** One authenticator per configured provider, keyed by the credential it takes. */
function createAuthenticators(options: FingerprintGuardOptions<never>): Map<CredentialKind, Authenticate> {
  const authenticators = new Map<CredentialKind, Authenticate>();
  const { fingerprint, cside, negativeCache } = options;
  resolveNegativeCache(negativeCache);
  if (fingerprint !== undefined) {
    if (typeof fingerprint !== 'object' || fingerprint === null) throw configError('fingerprint must be an object.');
    if (fingerprint.keys !== undefined) {
      const unsealer = createUnsealer({ ...fingerprint, keys: fingerprint.keys });
      authenticators.set('sealed', async (sealed) => {
        const { event, keyIndex } = await unsealer.unsealDetailed(sealed);
        return fromFingerprintEvent(event, 'sealed', keyIndex);
      });
    }
    if (fingerprint.serverApi !== undefined) {
      const { serverApi } = fingerprint;
      const fetchEvent = sharedProviderCalls('server-api', serverApi, negativeCache, () => {
        const client = createServerApiClient(serverApi);
        return async (eventId, caller) =>
          fromFingerprintEvent(await client.getEvent(eventId, { caller }), 'server-api');
      });
      authenticators.set('event-id', (eventId, caller) => fetchEvent(eventId.trim(), caller));
    }
    if (authenticators.size === 0)
      throw configError('fingerprint needs `keys` (sealed results), `serverApi`, or both.');
  }
  if (cside !== undefined) {
    const verify = sharedProviderCalls('cside', cside, negativeCache, () => {
      const client = createCsideClient(cside);
      return async (token, caller) => fromCsideEvaluation(await client.verify(token, { caller }), token);
    });
    // One token, one replay key: spellings that differ only in surrounding white space are the same token.
    authenticators.set('cside', async (token, caller) => verify(canonicalToken(token), caller));
  }
  if (authenticators.size === 0) {
    throw configError('no provider configured: pass `fingerprint: { keys: [...] }`, `cside: { apiKey }`, or both.');
  }
  return authenticators;
}
