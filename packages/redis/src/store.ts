/** createRedisReplayStore: one atomic `SET key 1 NX PX` per claim, bounded in time, never retried. */
import type { Duration, ReplayStore } from '@fingerprint-guard/core';
import {
  checkOptions,
  configError,
  isDuration,
  isFunction,
  isReplayWindow,
  isString,
  storedKey,
  storeWindowMs,
  toMilliseconds,
  wholeNumber,
  withTimeout,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import { toSendCommand, type RedisClientLike, type SendCommand } from './client.js';

export interface RedisReplayStoreOptions {
  /** A connected node-redis (5, 6; client or cluster) or ioredis (Redis or Cluster) client. */
  client?: RedisClientLike;
  /** Instead of `client`: sends one command as an array of strings and resolves its reply. */
  sendCommand?: SendCommand;
  /** Prepended to every key. Default `'fpg:replay:'`. */
  prefix?: string;
  /** Longest claim key stored as it is; a longer one is stored as its SHA-256. Default 128. */
  maxKeyLength?: number;
  /** A claim that takes longer fails (the guard answers 503). Default `'1s'`. */
  timeout?: Duration;
  /**
   * The longest acceptance window of the guards and webhook receivers on this keyspace: every
   * claim lasts this long from the event's timestamp (a guard whose `maxAge + clockSkew` is
   * longer is `CONFIG_INVALID`). Give every store on one prefix the same window. Default `'15m'`.
   */
  window?: Duration;
}

const REDIS_REPLAY_STORE_OPTIONS = {
  client: true,
  sendCommand: isFunction,
  prefix: isString,
  maxKeyLength: wholeNumber(16),
  timeout: isDuration,
  window: isReplayWindow,
} as const satisfies OptionSchema<RedisReplayStoreOptions>;

const DEFAULT_PREFIX = 'fpg:replay:';
const DEFAULT_MAX_KEY_LENGTH = 128;
const DEFAULT_TIMEOUT = '1s';

/**
 * A `ReplayStore` shared by every instance of your app, on Redis 2.6.12 or later. Each claim is
 * one `SET <prefix><key> 1 NX PX <expiresAtMs − now>`: `OK` is a first use, nil a replay;
 * `release` is one `DEL`. The time to live is relative to this process's clock, so a Redis
 * server whose clock is ahead or behind cannot shorten a claim (an absolute `PXAT` would be
 * read on Redis's clock). It never retries a claim whose outcome is unknown (a retry would
 * report the first request as its own replay), and it bounds every call with `timeout`, even
 * while the client queues commands for a lost connection.
 *
 * `close()` does not close your client (you opened it, you close it); the store refuses every
 * call after it.
 *
 * @example
 * import { createClient } from 'redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * app.use(fingerprintGuard({ fingerprint: { keys }, replay: { store: createRedisReplayStore({ client: redis }) } }));
 */
export function createRedisReplayStore(options: RedisReplayStoreOptions): ReplayStore {
  checkOptions(options, REDIS_REPLAY_STORE_OPTIONS, 'createRedisReplayStore', 'redis');
  if (options.client !== undefined && options.sendCommand !== undefined) {
    throw configError('createRedisReplayStore takes `client` or `sendCommand`, not both.', 'redis');
  }
  const send: SendCommand = options.sendCommand ?? toSendCommand(options.client as RedisClientLike);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const maxKeyLength = options.maxKeyLength ?? DEFAULT_MAX_KEY_LENGTH;
  const timeoutMs = toMilliseconds(options.timeout ?? DEFAULT_TIMEOUT, 'timeout');
  const windowMs = storeWindowMs(options.window);
  let closed = false;

  // A long key, or one with a lone surrogate (which would reach Redis as U+FFFD), is stored as its SHA-256.
  const redisKey = (key: string) => prefix + storedKey(key, maxKeyLength);

  const call = (command: string[]) => {
    if (closed)
      return Promise.reject(Object.assign(new Error('The Redis replay store is closed.'), { code: 'STORE_CLOSED' }));
    return withTimeout(send(command), timeoutMs, () =>
      Object.assign(new Error(`Redis did not answer within ${timeoutMs} ms.`), { code: 'STORE_TIMEOUT' }),
    );
  };

  return {
    windowMs,
    async claim(key, expiresAtMs) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      if (!Number.isFinite(expiresAtMs)) throw new TypeError('A replay expiry must be a finite epoch time in ms.');
      const ttlMs = Math.ceil(expiresAtMs) - Date.now();
      if (ttlMs < 1) {
        // Already expired: nothing to keep, and a first use unless a live key holds it.
        const exists = await call(['EXISTS', redisKey(key)]);
        if (exists === 0 || exists === 1) return exists === 0;
        throw new Error(`Redis answered EXISTS with an unexpected reply (${typeof exists}).`);
      }
      const reply = await call(['SET', redisKey(key), '1', 'NX', 'PX', String(ttlMs)]);
      if (reply === 'OK') return true;
      if (reply === null || reply === undefined) return false;
      throw new Error(`Redis answered SET NX with an unexpected reply (${typeof reply}).`);
    },
    async release(key) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      await call(['DEL', redisKey(key)]);
    },
    close() {
      closed = true;
    },
  };
}
