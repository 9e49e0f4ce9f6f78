/**
 * One claim per application: the process-wide default store, and the longest acceptance window
 * of the guards that use each store. Both live on `globalThis` under registered symbols, so two
 * copies of core in one process (its ESM and CJS builds, two installed versions) share them.
 */
import { MemoryReplayStore } from './memory.js';
import type { ReplayStore } from './types.js';

const DEFAULT_STORE = Symbol.for('fingerprint-guard.default-replay-store');
const WINDOWS = Symbol.for('fingerprint-guard.replay-windows');

interface Registry {
  [DEFAULT_STORE]?: ReplayStore;
  [WINDOWS]?: WeakMap<ReplayStore, number>;
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

/**
 * Records that a guard accepts events for `windowMs` after their timestamp, and returns a
 * function giving the longest window of every guard on `store` so far. Claims last that long,
 * so a guard with a longer `maxAge` never accepts what a shorter one claimed and let expire.
 */
export function shareReplayWindow(store: ReplayStore, windowMs: number): () => number {
  registry[WINDOWS] ??= new WeakMap();
  const windows = registry[WINDOWS];
  windows.set(store, Math.max(windows.get(store) ?? 0, windowMs));
  return () => windows.get(store) ?? windowMs;
}
