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
export type ProviderAuthenticate = (credential: string, caller: string | undefined) => Promise<Fingerprint>;

export interface NegativeCacheOptions {
  ttl?: Duration;
  maxEntries?: number;
}

const DEFAULTS = { ttl: '1m', maxEntries: 10_000 } as const;
/** Distinct provider configurations kept; past it the oldest is dropped (a new one is built if it comes back). */
const MAX_CONFIGURATIONS = 64;
const shared = new Map<string, ProviderAuthenticate>();

/**
 * The process-wide authenticator for one provider configuration (`kind` and `options`, the
 * negative cache included): built by `build` the first time, the same one after. A custom
 * `fetch` counts by identity, everything else by value.
 */
export function sharedProviderCalls(
  kind: string,
  options: object,
  negativeCache: false | NegativeCacheOptions | undefined,
  build: () => ProviderAuthenticate,
): ProviderAuthenticate {
  const signature = optionsSignature({ kind, options, negativeCache }, (fn) => String(identity(fn)));
  let authenticate = shared.get(signature);
  if (authenticate === undefined) {
    authenticate = shareProviderCalls(build(), negativeCache);
    if (shared.size >= MAX_CONFIGURATIONS) shared.delete(shared.keys().next().value!);
    shared.set(signature, authenticate);
  }
  return authenticate;
}

/**
 * Wraps a provider authenticator so that (1) concurrent requests with one credential make one
 * provider call, each getting its own copy of the result, and (2) a credential the provider
 * rejected (`PROVIDER_REJECTED`: unknown token or event id) is answered from memory for `ttl`,
 * so the same junk sent 100 times costs one call. Only hashes of credentials are kept; past
 * `maxEntries`, the oldest refusals are forgotten first.
 */
function shareProviderCalls(
  authenticate: ProviderAuthenticate,
  options: false | NegativeCacheOptions | undefined,
): ProviderAuthenticate {
  const { ttlMs, maxEntries } = resolveNegativeCache(options);
  const inFlight = new Map<string, Promise<Fingerprint>>();
  const refused = new Map<string, { error: FingerprintGuardError; until: number }>();

  return async (credential, caller) => {
    const key = platform.sha256Base64Url(credential);
    const known = refused.get(key);
    if (known !== undefined) {
      if (known.until > Date.now()) throw known.error;
      refused.delete(key);
    }
    let call = inFlight.get(key);
    if (call === undefined) {
      call = authenticate(credential, caller).then(
        (fingerprint) => fingerprint,
        (error: FingerprintGuardError) => {
          if (ttlMs > 0 && error?.code === 'PROVIDER_REJECTED') {
            if (refused.size >= maxEntries) refused.delete(refused.keys().next().value!);
            refused.set(key, { error, until: Date.now() + ttlMs });
          }
          throw error;
        },
      );
      inFlight.set(key, call);
      call.then(
        () => inFlight.delete(key),
        () => inFlight.delete(key),
      );
    }
    const fingerprint = await call;
    // Each request decides on its own copy: the engine records its checks on the result.
    return { ...fingerprint, signals: { ...fingerprint.signals } };
  };
}

/** `negativeCache` (which the guard's schema checked) with its defaults; `false` turns it off. */
function resolveNegativeCache(options: false | NegativeCacheOptions | undefined) {
  if (options === false) return { ttlMs: 0, maxEntries: 1 };
  return {
    ttlMs: toMilliseconds(options?.ttl ?? DEFAULTS.ttl, 'negativeCache.ttl'),
    maxEntries: options?.maxEntries ?? DEFAULTS.maxEntries,
  };
}
