/** One replay claim: bounded in time, failures mapped to REPLAY_STORE_UNAVAILABLE. */
import { FingerprintGuardError } from '../errors.js';
import type { ReplayStore } from '../replay/types.js';
import { withTimeout } from '../timeout.js';

/**
 * Claims `key` in `store`, giving up after `timeoutMs`. Resolves the store's answer; rejects
 * with `REPLAY_STORE_UNAVAILABLE` when the store throws, answers something other than a boolean
 * or is too slow. A synchronous store (the memory store) costs no timer.
 */
export function claimWithin(
  store: ReplayStore,
  key: string,
  expiresAtMs: number,
  timeoutMs: number,
): boolean | Promise<boolean> {
  let answer: boolean | Promise<boolean>;
  try {
    answer = store.claim(key, expiresAtMs);
  } catch (error) {
    throw storeUnavailable('The replay store failed.', error);
  }
  if (typeof answer === 'boolean') return answer;
  if (!isPromiseLike(answer)) throw storeUnavailable('The replay store answered something other than true or false.');
  const claimed = Promise.resolve(answer).then(
    (value) => {
      if (typeof value !== 'boolean')
        throw storeUnavailable('The replay store answered something other than true or false.');
      return value;
    },
    (error: unknown) => {
      throw storeUnavailable('The replay store failed.', error);
    },
  );
  return withTimeout(claimed, timeoutMs, () =>
    storeUnavailable(`The replay store did not answer within ${timeoutMs} ms.`),
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function storeUnavailable(message: string, cause?: unknown): FingerprintGuardError {
  return new FingerprintGuardError('REPLAY_STORE_UNAVAILABLE', message, { cause });
}
