/** Reads a lazily built guard's options from its function: anything that function throws is CONFIG_INVALID. */
import { configError, isFingerprintGuardError } from '../errors.js';

/**
 * Calls `read`, the function that returns a guard's options. A `FingerprintGuardError` it throws
 * passes as it is; anything else (the `TypeError` of `process.env.FP_SEALED_KEYS!.split(',')`
 * with the variable unset) becomes `CONFIG_INVALID`, with the original as its `cause`. The
 * message names only the error's class: what a function of yours throws may hold anything.
 */
export function readOptions<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isFingerprintGuardError(error)) throw error;
    const kind = error instanceof Error ? error.name : typeof error;
    throw configError(
      `the function that returns the guard's options threw (${kind}); is a variable it reads missing?`,
      undefined,
      error,
    );
  }
}
