/**
 * The replay window belongs to the keyspace: every guard and webhook receiver on one store claims
 * an event until its timestamp plus the store's window, whatever its own `maxAge`. So no guard,
 * process or isolate can hold a shorter claim than another could still accept, and nothing about
 * it lives in per-process state.
 */
import { formatDuration, parseDuration, toMilliseconds, type Duration } from '../duration.js';
import { configError } from '../errors.js';
import type { ValueCheck } from '../schema/schema.js';
import type { ReplayStore } from './types.js';

/** The window of every shipped store, and of a custom store that declares none. */
export const DEFAULT_REPLAY_WINDOW = '15m';
export const DEFAULT_REPLAY_WINDOW_MS = toMilliseconds(DEFAULT_REPLAY_WINDOW, 'window');
const MIN_WINDOW_MS = 1000;

/**
 * A store's `window` option in ms (default `'15m'`): the longest acceptance window it serves.
 *
 * @example
 * const windowMs = storeWindowMs(options.window); // in a custom store's factory
 */
export function storeWindowMs(window: Duration | undefined, option = 'window'): number {
  const ms = toMilliseconds(window ?? DEFAULT_REPLAY_WINDOW, option);
  if (!Number.isSafeInteger(ms) || ms < MIN_WINDOW_MS)
    throw configError(`${option} must be a whole number of milliseconds, at least 1 second.`);
  return ms;
}

/** A store's `window` option, in its schema: a duration of whole milliseconds, at least 1 second. */
export const isReplayWindow: ValueCheck = (value) => {
  const ms = parseDuration(value);
  return ms !== undefined && Number.isSafeInteger(ms) && ms >= MIN_WINDOW_MS
    ? undefined
    : "must be a duration of at least 1 second, such as '15m'";
};

/** The window `store` declares (`windowMs`), or the default for a store that declares none. */
export function replayWindowOf(store: ReplayStore): number {
  const declared = store.windowMs;
  if (declared === undefined) return DEFAULT_REPLAY_WINDOW_MS;
  if (typeof declared !== 'number' || !Number.isSafeInteger(declared) || declared < MIN_WINDOW_MS)
    throw configError('replay.store.windowMs must be a whole number of milliseconds, at least 1000.');
  return declared;
}

/**
 * `CONFIG_INVALID` unless `maxAge + clockSkew` fits in the store's window: a claim lasts the
 * window from the event's timestamp, and a guard on a machine whose clock is `clockSkew` behind
 * accepts the event until `timestamp + maxAge + clockSkew` by the claimer's clock.
 */
export function checkFitsWindow(maxAgeMs: number, clockSkewMs: number, windowMs: number, who: string): void {
  if (maxAgeMs + clockSkewMs <= windowMs) return;
  throw configError(
    `${who}'s maxAge (${formatDuration(maxAgeMs)}) + clockSkew (${formatDuration(clockSkewMs)}) is longer than ` +
      `the replay store's window (${formatDuration(windowMs)}): every claim lasts the store's window from the ` +
      `event's timestamp, so a longer maxAge could accept an event after its claim expired. Build the store with ` +
      `window: '${formatDuration(maxAgeMs + clockSkewMs)}' or more, or shorten maxAge.`,
  );
}
