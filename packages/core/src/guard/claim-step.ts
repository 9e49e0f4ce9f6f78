/** The pipeline's claim: the event's key in the replay store, for as long as the store's window. */
import { FingerprintGuardError } from '../errors.js';
import { isEdgeResult } from '../edge/read-edge.js';
import type { ResolvedGuardConfig } from '../options/resolve.js';
import { claimWithin, createStoreFailureLog } from '../replay/claim.js';
import type { Fingerprint } from '../result/fingerprint.js';

export function createClaimStep<Req>(config: ResolvedGuardConfig<Req>) {
  const { replay, logger } = config;
  const logStoreFailure = createStoreFailureLog(logger);

  /**
   * Claims the event; returns the denial, if any, and records on the result how the check went.
   * A synchronous store (the memory store) answers without a promise.
   */
  function claim(
    fingerprint: Fingerprint,
    route: string | undefined,
  ): FingerprintGuardError | undefined | Promise<FingerprintGuardError | undefined> {
    // An edge evaluation is of this request itself: nothing was presented that could be presented again.
    if (isEdgeResult(fingerprint)) {
      fingerprint.replayCheck = 'not-applicable';
      return undefined;
    }
    if (replay === undefined) {
      fingerprint.replayCheck = 'disabled';
      return undefined;
    }
    // The store's window, not this guard's maxAge: every guard on the keyspace claims for as long.
    const expiresAtMs = fingerprint.timestamp + replay.windowMs;
    let answer: boolean | Promise<boolean>;
    try {
      answer = claimWithin(replay.store, fingerprint.eventId, expiresAtMs, replay.timeoutMs);
    } catch (error) {
      return storeFailed(error, fingerprint, route);
    }
    if (typeof answer === 'boolean') return claimed(answer, fingerprint);
    return answer.then(
      (firstUse) => claimed(firstUse, fingerprint),
      (error: unknown) => storeFailed(error, fingerprint, route),
    );
  }

  function claimed(firstUse: boolean, fingerprint: Fingerprint): FingerprintGuardError | undefined {
    fingerprint.replayCheck = firstUse ? 'claimed' : 'replayed';
    if (firstUse) return undefined;
    const what = fingerprint.provider === 'cside' ? 'This cside session token was' : 'This identification was';
    return new FingerprintGuardError('EVENT_REPLAYED', `${what} already used.`);
  }

  function storeFailed(error: unknown, fingerprint: Fingerprint, route: string | undefined) {
    const unavailable = error as FingerprintGuardError;
    logStoreFailure(unavailable, { route });
    if (config.onStoreError === 'deny') return unavailable;
    logger.warn(
      'fingerprint-guard: replay store failed; request allowed without a replay check (onStoreError: allow).',
      {
        event: 'store-failed-open',
        code: unavailable.code,
        eventId: fingerprint.eventId,
        route,
        message: unavailable.message,
      },
    );
    fingerprint.replayCheck = 'store-failed-open';
    return undefined;
  }

  return claim;
}
