/**
 * One claim per application: the process-wide default store, and the acceptance windows of the
 * guards that use each store. Both live on `globalThis` under registered symbols, so two copies
 * of core in one process (its ESM and CJS builds, two installed versions) share them.
 */
import { MemoryReplayStore } from './memory.js';
import type { ReplayStore } from './types.js';

const DEFAULT_STORE = Symbol.for('fingerprint-guard.default-replay-store');
const WINDOWS = Symbol.for('fingerprint-guard.replay-windows.v2');

/** The longest window on a store for one kind of claim, each time it grew: `at` ascending, `window` ascending. */
type WindowHistory = Array<{ at: number; window: number }>;

interface Registry {
  [DEFAULT_STORE]?: ReplayStore;
  [WINDOWS]?: WeakMap<ReplayStore, Map<string, WindowHistory>>;
}

const registry = globalThis as Registry;

/**
 * The store every guard and webhook receiver built without `replay.store` shares: one
 * `MemoryReplayStore` (100,000 keys) per process, whichever adapter built the guard.
 */
export function defaultReplayStore(): ReplayStore {
  registry[DEFAULT_STORE] ??= new MemoryReplayStore();
  return registry[DEFAULT_STORE];
}

/** How long claims of one kind on one store must last, and how long a guard may accept an event. */
export interface SharedWindow {
  /** The longest window of every guard of this kind on the store so far: how long a claim lasts. */
  claimWindowMs(): number;
  /**
   * The shortest claim an event of `timestampMs` may have been given: the window in force when
   * it was made. A guard accepts the event no longer than that, whatever its own `maxAge`:
   * otherwise a guard built later with a longer `maxAge` (a lazy guard, a route loaded on its
   * first request) would accept an event whose claim had already expired.
   */
  claimLifetimeAt(timestampMs: number): number;
}

/**
 * Records that a guard accepts events of `kind` (`guard`, `webhook`) for `windowMs` after their
 * timestamp. Kinds are apart because their keys are: a webhook receiver's long window does not
 * make the guards' claims last longer.
 */
export function shareReplayWindow(store: ReplayStore, kind: string, windowMs: number, now = Date.now()): SharedWindow {
  registry[WINDOWS] ??= new WeakMap();
  let kinds = registry[WINDOWS].get(store);
  if (!kinds) {
    kinds = new Map();
    registry[WINDOWS].set(store, kinds);
  }
  let history = kinds.get(kind);
  if (!history) {
    history = [];
    kinds.set(kind, history);
  }
  const longest = history.at(-1)?.window ?? 0;
  if (windowMs > longest) history.push({ at: now, window: windowMs });
  const changes = history;
  return {
    claimWindowMs: () => changes.at(-1)!.window,
    claimLifetimeAt(timestampMs) {
      // The window in force when the event was made; before any guard, the first one's.
      let inForce = changes[0]!.window;
      for (const change of changes) {
        if (change.at > timestampMs) break;
        inForce = change.window;
      }
      return inForce;
    },
  };
}
