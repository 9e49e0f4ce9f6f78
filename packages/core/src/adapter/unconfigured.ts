/** A guard that cannot be configured, as adapters answer it: a CONFIG_INVALID denial (500), logged once, never a crash. */
import { isFingerprintGuardError, type FingerprintGuardError } from '../errors.js';
import type { FingerprintGuardEngine, GuardRequest } from '../guard/types.js';
import type { GuardMode } from '../result/decision.js';
import type { Fingerprint } from '../result/fingerprint.js';
import { decideNow } from '../engine/plumbing.js';

/** What an adapter needs of a decision: whether to go on, the result, and the error to answer with. */
export interface AdapterDecision {
  allowed: boolean;
  fingerprint?: Fingerprint;
  error?: FingerprintGuardError;
}

/** The error of a guard that cannot be configured. */
export function isConfigError(error: unknown): error is FingerprintGuardError {
  return isFingerprintGuardError(error) && error.code === 'CONFIG_INVALID';
}

const logged = new Set<string>();

/**
 * `guard.decide(request, input)`, where a guard that cannot be configured (a lazily built one
 * whose options function throws, or whose key is not 32 bytes) is a denial with its
 * `CONFIG_INVALID` error, status 500, which the adapter answers as it answers any denial: the
 * documented JSON, your `onDenied`, or your error handling. Each message is logged once, with
 * its cause, through `console.error`: the guard's own logger is among the options that failed.
 */
export function decideOrRefuse<Req>(
  guard: FingerprintGuardEngine<Req, GuardMode>,
  request: Req,
  input: GuardRequest,
): Promise<AdapterDecision> {
  return Promise.resolve(decideOrRefuseNow(guard, request, input));
}

/**
 * `decideOrRefuse`, without the promise where the guard needed none: a sealed result on Node,
 * claimed in the memory store, is decided in the tick the request arrived in, and an adapter that
 * lets it through at once spares the request a microtask and, over HTTP, a socket write of its
 * own. Anything that is not a promise is the decision.
 *
 * @example
 * const decided = decideOrRefuseNow(guard, req, input);
 * if (isPromiseLike(decided)) return decided.then(answer);
 * return answer(decided);
 */
export function decideOrRefuseNow<Req>(
  guard: FingerprintGuardEngine<Req, GuardMode>,
  request: Req,
  input: GuardRequest,
): AdapterDecision | Promise<AdapterDecision> {
  let decided: AdapterDecision | PromiseLike<AdapterDecision>;
  try {
    decided = decideNow(guard, request, input);
  } catch (error) {
    return refuseMisconfiguredAsync(error);
  }
  if (!isPromiseLike(decided)) return decided;
  return Promise.resolve(decided).then(undefined, refuseMisconfigured);
}

/** Whether `value` is a promise (or another thenable): what `decideOrRefuseNow` answers when the guard had to wait. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

const refuseMisconfiguredAsync = (error: unknown) => Promise.reject(error).then(undefined, refuseMisconfigured);

/** A misconfigured guard's error as a denial (logged once per message); anything else is rethrown. */
function refuseMisconfigured(error: unknown): AdapterDecision {
  if (!isConfigError(error)) throw error;
  if (!logged.has(error.message)) {
    logged.add(error.message);
    const cause = error.cause === undefined ? '' : ` Cause: ${String(error.cause)}`;
    console.error(`${error.message} Until this is fixed, the guard answers 500 CONFIG_INVALID.${cause}`);
  }
  return { allowed: false, error };
}

/** A guard that refuses every request with `error`: what an adapter runs while its options cannot be read. */
export function refusingGuard<Req>(error: FingerprintGuardError): FingerprintGuardEngine<Req, GuardMode> {
  const refuse = async (): Promise<never> => {
    throw error;
  };
  return { mode: 'enforce', decide: refuse, verify: refuse };
}
