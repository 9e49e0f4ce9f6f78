/** createFingerprintGuard: authenticate → age → replay → rules, framework-free. */
import { toMilliseconds } from '../duration.js';
import { configError, FingerprintGuardError, isFingerprintGuardError } from '../errors.js';
import { MemoryReplayStore } from '../replay/memory.js';
import type { ReplayStore } from '../replay/types.js';
import { createCsideClient } from '../cside/client.js';
import { createUnsealer } from '../sealed/index.js';
import { createServerApiClient } from '../server-api/client.js';
import { defaultCredential, fromUserCredential, type CredentialKind, type ExtractedCredential } from './credential.js';
import { fromCsideEvaluation } from './cside-result.js';
import { claimWithin } from './replay.js';
import { compileRules, deniedBy } from './rules.js';
import { fromFingerprintEvent } from './signals.js';
import type { Fingerprint, FingerprintGuard, FingerprintGuardOptions, GuardDecision, GuardMode, GuardRequest } from './types.js';

const DEFAULT_MAX_AGE = '2m';
const DEFAULT_CLOCK_SKEW = '10s';
const DEFAULT_STORE_TIMEOUT = '1s';

/**
 * Builds the guard once; adapters and your own code call `verify` or `decide` per request.
 * Options are checked here, and a mistake throws `CONFIG_INVALID` at start-up.
 *
 * @example
 * const guard = createFingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } });
 * const fingerprint = await guard.verify({ headers: request.headers, body });
 */
export function createFingerprintGuard<Req = GuardRequest, M extends GuardMode = 'enforce'>(
  options: FingerprintGuardOptions<Req> & { mode?: M },
): FingerprintGuard<Req, M> {
  if (typeof options !== 'object' || options === null) throw configError('the guard needs an options object.');
  const authenticators = createAuthenticators(options);
  const accepted = new Set(authenticators.keys());
  const maxAgeMs = toMilliseconds(options.maxAge ?? DEFAULT_MAX_AGE, 'maxAge');
  const clockSkewMs = toMilliseconds(options.clockSkew ?? DEFAULT_CLOCK_SKEW, 'clockSkew');
  const mode = (options.mode ?? 'enforce') as M;
  if (mode !== 'enforce' && mode !== 'monitor') throw configError("mode must be 'enforce' or 'monitor'.");
  const onStoreError = options.onStoreError ?? 'deny';
  if (onStoreError !== 'deny' && onStoreError !== 'allow') throw configError("onStoreError must be 'deny' or 'allow'.");
  const logger = options.logger ?? console;
  const rules = compileRules(options.deny, options.minConfidence);
  const { check, getCredential } = options;
  for (const [name, value] of Object.entries({ check, getCredential })) {
    if (value !== undefined && typeof value !== 'function') throw configError(`${name} must be a function.`);
  }

  let store: ReplayStore | undefined;
  let storeTimeoutMs = 0;
  if (options.replay === false) {
    logger.warn('fingerprint-guard: replay protection is off (replay: false); a sealed result can be reused until it expires.');
  } else {
    const replay = options.replay ?? {};
    store = replay.store ?? new MemoryReplayStore();
    if (typeof store.claim !== 'function') throw configError('replay.store must have a claim(key, expiresAtMs) method.');
    storeTimeoutMs = toMilliseconds(replay.timeout ?? DEFAULT_STORE_TIMEOUT, 'replay.timeout');
  }

  async function extract(request: Req, input: GuardRequest | undefined): Promise<ExtractedCredential | undefined> {
    if (getCredential) return fromUserCredential(await getCredential(request));
    const source = input ?? (request as GuardRequest);
    return typeof source?.headers === 'object' && source.headers !== null ? defaultCredential(source, accepted) : undefined;
  }

  function authenticate(credential: ExtractedCredential): Promise<Fingerprint> {
    const authenticator = authenticators.get(credential.kind);
    if (!authenticator) {
      const missing = credential.kind === 'cside' ? '`cside`' : credential.kind === 'sealed' ? '`fingerprint.keys`' : '`fingerprint.serverApi`';
      throw new FingerprintGuardError('CREDENTIAL_MISSING', `The request's credential needs ${missing}, which this guard does not configure.`);
    }
    return authenticator(credential.value);
  }

  function checkAge(fingerprint: Fingerprint, now: number): FingerprintGuardError | undefined {
    if (now - fingerprint.timestamp > maxAgeMs) {
      return new FingerprintGuardError('EVENT_EXPIRED', `The identification is older than maxAge (${maxAgeMs} ms).`);
    }
    if (fingerprint.timestamp - now > clockSkewMs) {
      return new FingerprintGuardError('EVENT_FROM_FUTURE', `The identification is dated more than clockSkew (${clockSkewMs} ms) ahead.`);
    }
    return undefined;
  }

  /** Claims the event; returns the denial, if any, and records how the check went. */
  async function checkReplay(fingerprint: Fingerprint): Promise<FingerprintGuardError | undefined> {
    if (store === undefined) {
      fingerprint.replayCheck = 'disabled';
      return undefined;
    }
    // After timestamp + maxAge + clockSkew the age check alone rejects the event.
    const expiresAtMs = fingerprint.timestamp + maxAgeMs + clockSkewMs;
    try {
      const firstUse = await claimWithin(store, fingerprint.eventId, expiresAtMs, storeTimeoutMs);
      return firstUse ? undefined : new FingerprintGuardError('EVENT_REPLAYED', 'This identification was already used.');
    } catch (error) {
      const unavailable = error as FingerprintGuardError;
      if (onStoreError === 'deny') return unavailable;
      logger.warn('fingerprint-guard: replay store failed; request allowed without a replay check (onStoreError: allow).', {
        code: unavailable.code,
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
      logger.error('fingerprint-guard: the custom check threw; the request is denied.', { error: String(error) });
      return deniedBy('check', 'The request was denied: the custom check failed.', error);
    }
  }

  async function evaluate(request: Req, input: GuardRequest | undefined): Promise<{ fingerprint?: Fingerprint; error?: FingerprintGuardError }> {
    let fingerprint: Fingerprint;
    try {
      const credential = await extract(request, input);
      if (credential === undefined) {
        return { error: new FingerprintGuardError('CREDENTIAL_MISSING', 'The request carries no credential: no sealed result, event id or cside token.') };
      }
      fingerprint = await authenticate(credential);
    } catch (error) {
      if (isFingerprintGuardError(error)) return { error };
      throw error;
    }
    // Only authentic, fresh events reach the store: a flood of junk cannot fill it.
    const error = checkAge(fingerprint, Date.now()) ?? (await checkReplay(fingerprint)) ?? rules(fingerprint) ?? (await runCheck(fingerprint, request));
    return { fingerprint, error };
  }

  async function decide(request: Req, input?: GuardRequest): Promise<GuardDecision> {
    const { fingerprint, error } = await evaluate(request, input);
    if (error === undefined) return { allowed: true, fingerprint };
    if (mode === 'enforce') return { allowed: false, fingerprint, error };
    logger.warn(`fingerprint-guard (monitor): would deny with ${error.code}.`, { code: error.code, message: error.message });
    if (fingerprint) fingerprint.denial = error;
    return { allowed: true, fingerprint, error };
  }

  return {
    mode,
    decide,
    async verify(request, input) {
      const decision = await decide(request, input);
      if (decision.allowed && decision.fingerprint) return decision.fingerprint;
      throw decision.error;
    },
  };
}

type Authenticate = (credential: string) => Promise<Fingerprint>;

/** One authenticator per configured provider, keyed by the credential it takes. */
function createAuthenticators(options: FingerprintGuardOptions<never>): Map<CredentialKind, Authenticate> {
  const authenticators = new Map<CredentialKind, Authenticate>();
  const { fingerprint, cside } = options;
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
      const serverApi = createServerApiClient(fingerprint.serverApi);
      authenticators.set('event-id', async (eventId) => fromFingerprintEvent(await serverApi.getEvent(eventId), 'server-api'));
    }
    if (authenticators.size === 0) throw configError('fingerprint needs `keys` (sealed results), `serverApi`, or both.');
  }
  if (cside !== undefined) {
    const client = createCsideClient(cside);
    authenticators.set('cside', async (token) => fromCsideEvaluation(await client.verify(token), token));
  }
  if (authenticators.size === 0) {
    throw configError('no provider configured: pass `fingerprint: { keys: [...] }`, `cside: { apiKey }`, or both.');
  }
  return authenticators;
}
