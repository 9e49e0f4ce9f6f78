/** createUpstashReplayStore: one atomic `SET NX GET PX` per claim over Upstash's REST API, bounded in time. */
import type { Duration, ReplayStore } from '@fingerprint-guard/core';
import {
  checkOptions,
  isDuration,
  isReplayWindow,
  isString,
  storedKey,
  storeWindowMs,
  toMilliseconds,
  wholeNumber,
  withTimeout,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import { checkClient, type UpstashRedisLike } from './client.js';

export interface UpstashReplayStoreOptions {
  /** An `@upstash/redis` client: `new Redis({ url, token })` or `Redis.fromEnv()`. */
  client: UpstashRedisLike;
  /** Prepended to every key. Default `'fpg:replay:'`. */
  prefix?: string;
  /** The longest acceptance window the keyspace serves: every claim lasts this long from its event's timestamp. Default `'15m'`. */
  window?: Duration;
  /** A claim or release slower than this rejects (the guard answers 503). Default `'1s'`. */
  timeout?: Duration;
  /** Longest claim key stored as it is; a longer one is stored as its SHA-256. Default 128. */
  maxKeyLength?: number;
}

/** A `ReplayStore` on Upstash Redis (or Vercel KV), over HTTP. */
export interface UpstashReplayStore extends ReplayStore {
  readonly windowMs: number;
  claim(key: string, expiresAtMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
  /** From then on, claims and releases reject. Your client needs no closing: it holds no connection. */
  close(): void;
}

const UPSTASH_REPLAY_STORE_OPTIONS = {
  client: true,
  prefix: isString,
  window: isReplayWindow,
  timeout: isDuration,
  maxKeyLength: wholeNumber(16),
} as const satisfies OptionSchema<UpstashReplayStoreOptions>;

const DEFAULT_PREFIX = 'fpg:replay:';
const DEFAULT_MAX_KEY_LENGTH = 128;
const DEFAULT_TIMEOUT = '1s';

/**
 * A `ReplayStore` shared by every instance and isolate of your app, on Upstash Redis over its
 * REST API: for Vercel (Edge and Node), Cloudflare Workers, Deno, Bun and Node. Each claim is one
 * atomic command, `SET <prefix><key> <claim id> NX GET PX <ms>`: the key did not exist (nil), or
 * holds this very claim's id (the client retried a request that had already run), is a first
 * use; any other value is a replay. The TTL is computed from this process's clock, the one the
 * guard's age check uses, never an absolute time for Upstash's clock to judge. A claim whose
 * expiry has passed only reads (`EXISTS`). `release` is one `DEL`.
 *
 * The store never retries a claim itself, bounds every call with `timeout`, and rejects on any
 * failure, so the guard fails closed (503).
 *
 * @example
 * import { Redis } from '@upstash/redis';
 * const store = createUpstashReplayStore({ client: Redis.fromEnv() });
 * const guard = createFingerprintGuard({ fingerprint: { keys }, replay: { store } });
 */
export function createUpstashReplayStore(options: UpstashReplayStoreOptions): UpstashReplayStore {
  checkOptions(options, UPSTASH_REPLAY_STORE_OPTIONS, 'createUpstashReplayStore', 'upstash');
  const client = checkClient(options.client);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const maxKeyLength = options.maxKeyLength ?? DEFAULT_MAX_KEY_LENGTH;
  const windowMs = storeWindowMs(options.window);
  const timeoutMs = toMilliseconds(options.timeout ?? DEFAULT_TIMEOUT, 'timeout');
  let closed = false;

  /** One command, bounded by `timeout`; its failure named and coded (the guard logs each kind once), the client's error as `cause`. */
  function call<T>(what: string, command: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(storeFailure('STORE_CLOSED', 'The Upstash replay store is closed.'));
    const sent = Promise.resolve()
      .then(command)
      .catch((error: unknown) => {
        // The client's message ends with the command it sent: the key, which the log does not need.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/, command was: [\s\S]*$/, '');
        throw storeFailure(failureCode(error), `Upstash replay store: ${what} failed: ${reason}`, error);
      });
    return withTimeout(sent, timeoutMs, () =>
      storeFailure('STORE_TIMEOUT', `Upstash replay store: ${what}: Upstash did not answer within ${timeoutMs} ms.`),
    );
  }

  return {
    windowMs,
    async claim(key, expiresAtMs) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      if (!Number.isFinite(expiresAtMs)) throw new TypeError('A replay expiry must be a finite epoch time in ms.');
      const redisKey = prefix + storedKey(key, maxKeyLength);
      const ttlMs = Math.ceil(expiresAtMs - Date.now());
      // Already expired: nothing to record; a first use unless a live key holds it.
      if (ttlMs <= 0) return (await call('claim', () => client.exists(redisKey))) === 0;
      const claimId = newClaimId();
      const previous = await call('claim', () => client.set(redisKey, claimId, { nx: true, get: true, px: ttlMs }));
      return previous === null || previous === claimId;
    },
    async release(key) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      const redisKey = prefix + storedKey(key, maxKeyLength);
      await call('release', () => client.del(redisKey));
    },
    close() {
      closed = true;
    },
  };
}

/** 96 random bits; a letter first, so that the client's JSON deserialisation leaves it a string. */
function newClaimId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let hex = 'c';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function storeFailure(code: string, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { code });
}

/** `UPSTASH_ERROR` when Upstash answered with an error; the network's own code (`ECONNREFUSED`) when it could not be reached. */
function failureCode(error: unknown): string {
  if ((error as { name?: unknown } | null)?.name === 'UpstashError') return 'UPSTASH_ERROR';
  const { code } = ((error as { cause?: unknown } | null)?.cause ?? {}) as { code?: unknown };
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'UPSTASH_REQUEST_FAILED';
}
