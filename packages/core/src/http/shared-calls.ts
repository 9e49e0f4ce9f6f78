/**
 * Fewer outbound calls per inbound credential: concurrent requests share a call, refusals are
 * remembered, and all of it (with the client's `maxConcurrent` slots) is shared process-wide by
 * every guard with the same provider configuration, so a guard built per request cannot
 * multiply what one guard would send.
 */
import { toMilliseconds, type Duration } from '../duration.js';
import type { FingerprintGuardError } from '../errors.js';
import { platform } from '#platform';
import { identity, optionsSignature } from '../options-signature.js';
import type { Fingerprint } from '../result/fingerprint.js';

/** Authenticates one credential; `caller` (the client IP) shares waiting provider calls fairly. */
export type ProviderAuthenticate = SharedCall<string>;

/** One provider call for `input` (a credential, or a request to evaluate). */
export type SharedCall<I> = (input: I, caller: string | undefined) => Promise<Fingerprint>;

/** How calls for one input are shared, beyond the default (by the credential, refusals remembered). */
export interface CallSharing<I> {
  /** What makes two inputs the same call (hashed before it is kept). Default: the credential itself. */
  keyOf?: (input: I) => string;
  /** Results answered from memory for `ttl`, as refusals are (an edge evaluation that found a bot). */
  remember?: (fingerprint: Fingerprint) => boolean;
}

export interface NegativeCacheOptions {
  ttl?: Duration;
  maxEntries?: number;
}

const DEFAULTS = { ttl: '1m', maxEntries: 10_000 } as const;
/** Distinct provider configurations kept; past it the oldest is dropped (a new one is built if it comes back). */
const MAX_CONFIGURATIONS = 64;
const shared = new Map<string, SharedCall<never>>();

/**
 * The process-wide authenticator for one provider configuration (`kind` and `options`, the
 * negative cache included): built by `build` the first time, the same one after. A custom
 * `fetch` counts by identity, everything else by value.
 */
export function sharedProviderCalls<I = string>(
  kind: string,
  options: object,
  negativeCache: false | NegativeCacheOptions | undefined,
  build: () => SharedCall<I>,
  sharing: CallSharing<I> = {},
): SharedCall<I> {
  const signature = optionsSignature({ kind, options, negativeCache }, (fn) => String(identity(fn)));
  let authenticate = shared.get(signature) as SharedCall<I> | undefined;
  if (authenticate === undefined) {
    authenticate = shareProviderCalls(build(), negativeCache, sharing);
    if (shared.size >= MAX_CONFIGURATIONS) shared.delete(shared.keys().next().value!);
    shared.set(signature, authenticate);
  }
  return authenticate;
}

type Remembered = { error: FingerprintGuardError; until: number } | { fingerprint: Fingerprint; until: number };

/**
 * Wraps a provider authenticator so that (1) concurrent requests with one credential make one
 * provider call, each getting its own copy of the result, and (2) a credential the provider
 * rejected (`PROVIDER_REJECTED`: unknown token or event id), or a result `sharing.remember`
 * picks, is answered from memory for `ttl`, so the same junk sent 100 times costs one call.
 * Only hashes of the keys are kept; past `maxEntries`, the oldest entries are forgotten first.
 */
function shareProviderCalls<I>(
  authenticate: SharedCall<I>,
  options: false | NegativeCacheOptions | undefined,
  { keyOf = (input) => input as string, remember }: CallSharing<I>,
): SharedCall<I> {
  const { ttlMs, maxEntries } = resolveNegativeCache(options);
  const inFlight = new Map<string, Promise<Fingerprint>>();
  const remembered = new Map<string, Remembered>();
  const keep = (key: string, entry: Remembered) => {
    if (remembered.size >= maxEntries) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, entry);
  };

  return async (input, caller) => {
    const key = platform.sha256Base64Url(keyOf(input));
    const known = remembered.get(key);
    if (known !== undefined) {
      if (known.until <= Date.now()) remembered.delete(key);
      else if ('error' in known) throw known.error;
      else return copyOf(known.fingerprint);
    }
    let call = inFlight.get(key);
    if (call === undefined) {
      call = authenticate(input, caller).then(
        (fingerprint) => {
          if (ttlMs > 0 && remember?.(fingerprint)) keep(key, { fingerprint, until: Date.now() + ttlMs });
          return fingerprint;
        },
        (error: FingerprintGuardError) => {
          if (ttlMs > 0 && error?.code === 'PROVIDER_REJECTED') keep(key, { error, until: Date.now() + ttlMs });
          throw error;
        },
      );
      inFlight.set(key, call);
      call.then(
        () => inFlight.delete(key),
        () => inFlight.delete(key),
      );
    }
    return copyOf(await call);
  };
}

/** Each request decides on its own copy: the engine records its checks on the result. */
const copyOf = (fingerprint: Fingerprint): Fingerprint => ({ ...fingerprint, signals: { ...fingerprint.signals } });

/** `negativeCache` (which the guard's schema checked) with its defaults; `false` turns it off. */
function resolveNegativeCache(options: false | NegativeCacheOptions | undefined) {
  if (options === false) return { ttlMs: 0, maxEntries: 1 };
  return {
    ttlMs: toMilliseconds(options?.ttl ?? DEFAULTS.ttl, 'negativeCache.ttl'),
    maxEntries: options?.maxEntries ?? DEFAULTS.maxEntries,
  };
}
