/** Every guard option checked once, into the resolved configuration the pipeline reads. */
import { canonicalToken, createCsideClient } from '../cside/client.js';
import { toMilliseconds } from '../duration.js';
import { configError } from '../errors.js';
import { defaultReplayStore, shareReplayWindow, type SharedWindow } from '../replay/shared.js';
import type { ReplayStore } from '../replay/types.js';
import { createUnsealer } from '../sealed/index.js';
import { compileBinding, type CompiledBinding } from './binding.js';
import type { CredentialKind } from './credential.js';
import { fromCsideEvaluation } from './cside-result.js';
import { sealedReader, serverApiReader } from './fingerprint-readers.js';
import { resolveFormats } from '../format.js';
import { checkKnownOptions } from './known-options.js';
import { shareProviderCalls } from './provider-calls.js';
import { compileRules, type Provider, type RuleOutcome } from './rules.js';
import type { Fingerprint, FingerprintGuardOptions, GuardLogger, GuardMode, UnavailableSignalPolicy } from './types.js';

export const DEFAULT_MAX_AGE = '2m';
export const DEFAULT_CLOCK_SKEW = '10s';
const DEFAULT_STORE_TIMEOUT = '1s';

export type Authenticate = (credential: string) => Promise<Fingerprint>;

export interface ResolvedReplay {
  store: ReplayStore;
  timeoutMs: number;
  /** How long claims last on this store, and how long a claim of a given event may have lasted. */
  window: SharedWindow;
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
    replay: resolveReplay(options, maxAgeMs + clockSkewMs, logger),
    check,
    getCredential,
  };
}

function resolveReplay(
  options: FingerprintGuardOptions<never>,
  windowMs: number,
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
  return {
    store,
    timeoutMs: toMilliseconds(replay.timeout ?? DEFAULT_STORE_TIMEOUT, 'replay.timeout'),
    window: shareReplayWindow(store, 'guard', windowMs),
  };
}

/** One authenticator per configured provider, keyed by the credential it takes. */
function createAuthenticators(options: FingerprintGuardOptions<never>): Map<CredentialKind, Authenticate> {
  const authenticators = new Map<CredentialKind, Authenticate>();
  const { fingerprint, cside, negativeCache } = options;
  if (fingerprint !== undefined) {
    if (typeof fingerprint !== 'object' || fingerprint === null) throw configError('fingerprint must be an object.');
    const formats = resolveFormats(fingerprint.formats, 'fingerprint.formats');
    if (fingerprint.keys !== undefined) {
      const unsealer = createUnsealer({ ...fingerprint, keys: fingerprint.keys });
      authenticators.set('sealed', sealedReader(unsealer, formats));
    }
    if (fingerprint.serverApi !== undefined) {
      const fetchEvent = shareProviderCalls(serverApiReader(fingerprint.serverApi, formats), negativeCache);
      authenticators.set('event-id', (eventId) => fetchEvent(eventId.trim()));
    }
    if (authenticators.size === 0)
      throw configError('fingerprint needs `keys` (sealed results), `serverApi`, or both.');
  }
  if (cside !== undefined) {
    const client = createCsideClient(cside);
    const verify = shareProviderCalls(
      async (token) => fromCsideEvaluation(await client.verify(token), token),
      negativeCache,
    );
    // One token, one replay key: spellings that differ only in surrounding white space are the same token.
    authenticators.set('cside', async (token) => verify(canonicalToken(token)));
  }
  if (authenticators.size === 0) {
    throw configError('no provider configured: pass `fingerprint: { keys: [...] }`, `cside: { apiKey }`, or both.');
  }
  return authenticators;
}
