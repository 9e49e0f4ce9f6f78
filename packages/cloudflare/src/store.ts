/** createDurableObjectReplayStore: each claim one request to the ReplayStoreObject that holds its key's shard. */
import type { Duration, ReplayStore } from '@fingerprint-guard/core';
import {
  checkOptions,
  configError,
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
import { OBJECT_URL, PROTOCOL_VERSION, type ObjectAnswer } from './protocol.js';
import { shardOf } from './shard.js';
import type { DurableObjectNamespaceLike } from './types.js';

export interface DurableObjectReplayStoreOptions {
  /** The Durable Object namespace bound to `ReplayStoreObject` (`env.REPLAY_STORE`). */
  namespace: DurableObjectNamespaceLike;
  /** How many objects the claims are spread over, by a hash of the key. Default 16. Changing it moves keys: see the README. */
  shards?: number;
  /** Names the objects (`<prefix><shard>`), so that two stores on one namespace never share claims. Default `'fpg:replay:'`. */
  prefix?: string;
  /** The longest acceptance window the keyspace serves: every claim lasts this long from its event's timestamp. Default `'15m'`. */
  window?: Duration;
  /** A claim or release slower than this rejects (the guard answers 503). Default `'1s'`. */
  timeout?: Duration;
}

/** A `ReplayStore` on Durable Objects. */
export interface DurableObjectReplayStore extends ReplayStore {
  readonly windowMs: number;
  claim(key: string, expiresAtMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
  /** From then on, claims and releases reject. */
  close(): void;
}

const DEFAULT_SHARDS = 16;
const MAX_SHARDS = 1_024;

const DURABLE_OBJECT_REPLAY_STORE_OPTIONS = {
  namespace: true,
  shards: wholeNumber(1, MAX_SHARDS),
  prefix: isString,
  window: isReplayWindow,
  timeout: isDuration,
} as const satisfies OptionSchema<DurableObjectReplayStoreOptions>;
const DEFAULT_PREFIX = 'fpg:replay:';
const DEFAULT_TIMEOUT = '1s';
/** Longer keys (and keys with a lone surrogate) are stored as their SHA-256. */
const MAX_KEY_LENGTH = 128;

/**
 * A `ReplayStore` shared by every isolate of your Worker, on Durable Objects. A key belongs to
 * one of `shards` objects (`idFromName(prefix + shard)`), and its claim is one request to that
 * object, which answers from one SQL statement judged by this Worker's clock (sent along). It
 * never retries a claim whose outcome is unknown, bounds every call with `timeout`, and rejects
 * on any failure, so the guard fails closed (503).
 *
 * @example
 * export { ReplayStoreObject } from '@fingerprint-guard/cloudflare';
 * const store = createDurableObjectReplayStore({ namespace: env.REPLAY_STORE });
 */
export function createDurableObjectReplayStore(options: DurableObjectReplayStoreOptions): DurableObjectReplayStore {
  checkOptions(options, DURABLE_OBJECT_REPLAY_STORE_OPTIONS, 'createDurableObjectReplayStore', 'cloudflare');
  const { namespace } = options;
  if (typeof namespace?.idFromName !== 'function' || typeof namespace.get !== 'function') {
    throw configError(
      'namespace must be a Durable Object namespace binding bound to ReplayStoreObject (e.g. env.REPLAY_STORE).',
      'cloudflare',
    );
  }
  const shards = options.shards ?? DEFAULT_SHARDS;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const windowMs = storeWindowMs(options.window);
  const timeoutMs = toMilliseconds(options.timeout ?? DEFAULT_TIMEOUT, 'timeout');
  let closed = false;

  /** One request to the key's object; its failure named and coded (the guard logs each kind once). Never retried: a claim may have run. */
  async function send(what: 'claim' | 'release', key: string, message: object): Promise<ObjectAnswer> {
    if (closed) throw storeFailure('STORE_CLOSED', 'The Durable Object replay store is closed.');
    const stored = storedKey(key, MAX_KEY_LENGTH);
    const stub = namespace.get(namespace.idFromName(`${prefix}${shardOf(stored, shards)}`));
    const body = JSON.stringify({ v: PROTOCOL_VERSION, key: stored, ...message });
    const failed = (code: string, reason: string, cause?: unknown) =>
      storeFailure(code, `Durable Object replay store: ${what} failed: ${reason}`, cause);
    const exchange = Promise.resolve()
      .then(() => stub.fetch(`${OBJECT_URL}/${what}`, { method: 'POST', body }))
      .then(
        async (response) => {
          const answer = (await response.json().catch(() => ({}))) as ObjectAnswer;
          if (!response.ok || 'error' in answer) {
            const reason = 'error' in answer ? answer.error : 'no error message';
            throw failed(`DURABLE_OBJECT_HTTP_${response.status}`, `HTTP ${response.status}: ${reason}`);
          }
          return answer;
        },
        // The stub threw: the object was reset, overloaded, or could not be reached.
        (error: unknown) => {
          const overloaded = (error as { overloaded?: unknown } | null)?.overloaded === true;
          const reason = error instanceof Error ? error.message : String(error);
          throw failed(overloaded ? 'DURABLE_OBJECT_OVERLOADED' : 'DURABLE_OBJECT_ERROR', reason, error);
        },
      );
    return withTimeout(exchange, timeoutMs, () =>
      storeFailure(
        'STORE_TIMEOUT',
        `Durable Object replay store: ${what}: the object did not answer within ${timeoutMs} ms.`,
      ),
    );
  }

  return {
    windowMs,
    async claim(key, expiresAtMs) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      if (!Number.isFinite(expiresAtMs)) throw new TypeError('A replay expiry must be a finite epoch time in ms.');
      const answer = await send('claim', key, { expiresAtMs, now: Date.now() });
      if (!('claimed' in answer) || typeof answer.claimed !== 'boolean')
        throw storeFailure(
          'STORE_BAD_ANSWER',
          'Durable Object replay store: the object answered a claim without `claimed`.',
        );
      return answer.claimed;
    },
    async release(key) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      await send('release', key, {});
    },
    close() {
      closed = true;
    },
  };
}

function storeFailure(code: string, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { code });
}
