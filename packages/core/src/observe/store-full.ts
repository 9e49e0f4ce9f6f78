/** Tells the operator a replay store refused a claim for being full: a warning at most once a minute, and an OpenTelemetry counter. */
import type { GuardLogger } from '../logger.js';
import type { OpenTelemetryApi } from './otel-types.js';
import { installedOpenTelemetry } from './observer.js';

const INSTRUMENTATION = '@fingerprint-guard/core';
const WARN_EVERY_MS = 60_000;

export interface StoreFullNoticeOptions {
  /** Who refused, in the warning (`'MemoryReplayStore'`). */
  store: string;
  /** The most unexpired keys it holds. */
  maxEntries: number;
  logger: GuardLogger;
  /** The OpenTelemetry API; `undefined` for the installed `@opentelemetry/api`, `false` for none. */
  opentelemetry: OpenTelemetryApi | false | undefined;
  now: () => number;
}

/**
 * Returns the function to call on each refusal. It adds 1 to `fingerprint_guard.store_full`
 * and logs `store-full` at `warn` once, then at most once a minute with the number refused since;
 * a flood of refusals never becomes a flood of log lines. Nothing is done until the first refusal.
 */
export function createStoreFullNotice(options: StoreFullNoticeOptions): () => void {
  const { store, maxEntries, logger, now } = options;
  let api: OpenTelemetryApi | undefined | null = options.opentelemetry === false ? null : options.opentelemetry;
  let provider: object | undefined;
  let counter: ReturnType<typeof makeCounter> | undefined;
  let lastWarnAt = Number.NEGATIVE_INFINITY;
  let refusedSinceWarning = 0;

  function count(): void {
    if (api === undefined) api = installedOpenTelemetry(logger) ?? null;
    if (api === null) return;
    // Instruments made before an SDK is registered stay no-ops: make them again when it changes.
    const registered = api.metrics.getMeterProvider();
    if (registered !== provider) [provider, counter] = [registered, makeCounter(api)];
    counter!.add(1, { 'fingerprint_guard.store': store });
  }

  return () => {
    count();
    refusedSinceWarning++;
    const at = now();
    if (at - lastWarnAt < WARN_EVERY_MS) return;
    logger.warn(
      `fingerprint-guard: ${store} is full (${maxEntries} unexpired keys) and refused ${refusedSinceWarning} claim(s) since the last warning; those requests are answered 503 REPLAY_STORE_UNAVAILABLE until keys expire. Raise maxEntries (or claimsPerSecond), shorten window, or use a shared store. Logged at most once a minute.`,
      { event: 'store-full', store, maxEntries, refused: refusedSinceWarning },
    );
    lastWarnAt = at;
    refusedSinceWarning = 0;
  };
}

function makeCounter(api: OpenTelemetryApi) {
  return api.metrics.getMeter(INSTRUMENTATION).createCounter('fingerprint_guard.store_full', {
    description: 'Claims a replay store refused because it was full.',
  });
}
