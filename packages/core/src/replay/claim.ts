/** One replay claim: bounded in time, failures mapped to REPLAY_STORE_UNAVAILABLE and logged once per kind. */
import { FingerprintGuardError } from '../errors.js';
import type { GuardLogger } from '../guard/types.js';
import { maskCredentials } from '../mask-credentials.js';
import { withTimeout } from '../timeout.js';
import type { ReplayStore } from './types.js';

/**
 * Claims `key` in `store`, giving up after `timeoutMs`. Resolves the store's answer; rejects
 * with `REPLAY_STORE_UNAVAILABLE` when the store throws, answers something other than a boolean
 * or is too slow; its `cause` says which. A synchronous store (the memory store) costs no timer.
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
    throw storeUnavailable(error);
  }
  if (typeof answer === 'boolean') return answer;
  if (!isPromiseLike(answer)) throw storeUnavailable(badAnswer());
  const claimed = Promise.resolve(answer).then(
    (value) => {
      if (typeof value !== 'boolean') throw storeUnavailable(badAnswer());
      return value;
    },
    (error: unknown) => {
      throw storeUnavailable(error);
    },
  );
  return withTimeout(claimed, timeoutMs, () =>
    storeUnavailable(failure('STORE_TIMEOUT', `the replay store did not answer within ${timeoutMs} ms`)),
  );
}

/**
 * Logs a store failure at `error`, once per kind (`42P01`, `ECONNREFUSED`, `STORE_TIMEOUT`,
 * `STORE_FULL`, `STORE_CLOSED`, …) for the life of the logger's owner: the client only sees a
 * bare 503, so this line is how an operator learns that the table is missing or Redis refuses
 * the password. Never logs keys or the store's configuration.
 */
export function createStoreFailureLog(
  logger: GuardLogger,
): (error: unknown, details?: Record<string, unknown>) => void {
  const logged = new Set<string>();
  return (error, details) => {
    const cause = (error as { cause?: unknown } | null)?.cause ?? error;
    const kind = failureKind(cause);
    if (logged.has(kind)) return;
    logged.add(kind);
    logger.error(
      `fingerprint-guard: the replay store failed (${kind}: ${causeMessage(cause)}); requests that need a claim are answered 503 REPLAY_STORE_UNAVAILABLE until it works. Further failures of this kind are not logged.`,
      { event: 'store-failed', kind, ...details },
    );
  };
}

function failureKind(cause: unknown): string {
  const { code, sqlState, name } = (cause ?? {}) as { code?: unknown; sqlState?: unknown; name?: unknown };
  for (const value of [code, sqlState]) if (typeof value === 'string' && value !== '') return value;
  return typeof name === 'string' && name !== '' ? name : 'unknown';
}

/** The cause's message, credentials masked (driver errors may quote a connection string), at most 500 characters. */
function causeMessage(cause: unknown): string {
  return maskCredentials(cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

const badAnswer = () => failure('STORE_BAD_ANSWER', 'the replay store answered something other than true or false');

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function storeUnavailable(cause: unknown): FingerprintGuardError {
  if (cause instanceof FingerprintGuardError && cause.code === 'REPLAY_STORE_UNAVAILABLE') return cause;
  return new FingerprintGuardError('REPLAY_STORE_UNAVAILABLE', 'The replay store is unavailable.', { cause });
}
