/** The `replay` option of guards and webhook receivers, read in one place: its store, time-out and window. */
import { toMilliseconds, type Duration } from '../duration.js';
import { configError } from '../errors.js';
import { isDuration } from '../schema/checks.js';
import type { OptionSchema } from '../schema/schema.js';
import { defaultReplayStore } from './shared.js';
import type { ReplayStore } from './types.js';
import { replayWindowOf } from './window.js';

/** What `replay` is when it is not `false`. */
interface ReplayOptions {
  store?: ReplayStore;
  timeout?: Duration;
}

/** `replay`'s own options, in the guard's and the webhook receiver's schemas. */
export const REPLAY_OPTIONS = { store: true, timeout: isDuration } as const satisfies OptionSchema<ReplayOptions>;

const DEFAULT_STORE_TIMEOUT = '1s';

export interface ResolvedReplay {
  store: ReplayStore;
  timeoutMs: number;
  /** The store's window: every claim lasts until the event's timestamp plus this. */
  windowMs: number;
}

/**
 * The store (the process-wide default unless one is given), its time-out and its window; for
 * `replay: false`, nothing. The store is checked here: it must `claim`, and declare a sound window.
 */
export function resolveReplay(replay: false | ReplayOptions | undefined): ResolvedReplay | undefined {
  if (replay === false) return undefined;
  const store = replay?.store ?? defaultReplayStore();
  if (typeof store?.claim !== 'function') throw configError('replay.store must have a claim(key, expiresAtMs) method.');
  return {
    store,
    timeoutMs: toMilliseconds(replay?.timeout ?? DEFAULT_STORE_TIMEOUT, 'replay.timeout'),
    windowMs: replayWindowOf(store),
  };
}
