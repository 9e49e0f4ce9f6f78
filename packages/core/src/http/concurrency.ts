/** A cap on calls in flight: past it, a call fails at once instead of queueing behind the others. */
import { FingerprintGuardError } from '../errors.js';

/**
 * Wraps `call` so that at most `max` run at once; the next one is `PROVIDER_UNAVAILABLE` at
 * once. A flood of junk credentials then costs a bounded number of outbound calls, and the
 * requests past the cap get an answer now rather than after everyone else's deadline.
 */
export function limitConcurrency<A extends unknown[], R>(
  max: number,
  provider: string,
  call: (...args: A) => Promise<R>,
) {
  let inFlight = 0;
  return async (...args: A): Promise<R> => {
    if (inFlight >= max) {
      throw new FingerprintGuardError(
        'PROVIDER_UNAVAILABLE',
        `${provider} already has ${max} calls in flight from this guard (maxConcurrent).`,
      );
    }
    inFlight++;
    try {
      return await call(...args);
    } finally {
      inFlight--;
    }
  };
}
