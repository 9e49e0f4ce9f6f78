/**
 * One claim per application: the process-wide default store. It lives on `globalThis` under a
 * registered symbol, so two copies of core in one process (its ESM and CJS builds, two
 * installed versions) share it.
 */
import { MemoryReplayStore } from './memory.js';
import type { ReplayStore } from './types.js';

const DEFAULT_STORE = Symbol.for('fingerprint-guard.default-replay-store');

const registry = globalThis as { [DEFAULT_STORE]?: ReplayStore };

/**
 * The store every guard and webhook receiver built without `replay.store` shares: one
 * `MemoryReplayStore` per process, whichever adapter built the guard. Once closed it refuses
 * every claim (503): it is never silently replaced by an empty one that would accept replays.
 */
export function defaultReplayStore(): ReplayStore {
  registry[DEFAULT_STORE] ??= new MemoryReplayStore();
  return registry[DEFAULT_STORE];
}
