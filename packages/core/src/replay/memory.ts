/** MemoryReplayStore: the default, single-process replay store. */
import { configError } from '../errors.js';
import type { ReplayStore } from './types.js';

export interface MemoryReplayStoreOptions {
  /** Most unexpired keys held at once; past it, claims are refused, never evicted. Default 100,000. */
  maxEntries?: number;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Remembers claimed keys in this process's memory. For one instance only: behind a load
 * balancer use a shared store such as `@fingerprint-guard/redis`.
 *
 * Claims are O(1) amortised. Expired keys are dropped as new ones arrive (no timer keeps the
 * process alive). When `maxEntries` unexpired keys are held, `claim` throws rather than forget a
 * live key, which would let its replay through; the guard answers `REPLAY_STORE_UNAVAILABLE`.
 *
 * @example
 * fingerprintGuard({ fingerprint: { keys }, replay: { store: new MemoryReplayStore({ maxEntries: 50_000 }) } });
 */
export class MemoryReplayStore implements ReplayStore {
  // A Map iterates in insertion order, and keys are claimed roughly in expiry order (fresh
  // events, one maxAge), so the oldest entries are the first to expire.
  readonly #expiries = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** When full of live keys, the earliest time any of them expires: no sweep helps before. */
  #fullUntil = 0;

  constructor(options: MemoryReplayStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw configError('MemoryReplayStore maxEntries must be a whole number, at least 1.');
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** Number of keys held, expired ones not yet dropped included. */
  get size(): number {
    return this.#expiries.size;
  }

  claim(key: string, expiresAtMs: number): boolean {
    const now = this.#now();
    const expiry = this.#expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.#dropExpiredOldest(now);
    if (expiry !== undefined) {
      this.#expiries.delete(key);
    } else if (this.#expiries.size >= this.#maxEntries && !this.#sweep(now)) {
      throw new Error(`MemoryReplayStore is full: ${this.#maxEntries} unexpired keys (maxEntries).`);
    }
    this.#expiries.set(key, expiresAtMs);
    return true;
  }

  close(): void {
    this.#expiries.clear();
  }

  /** Drops up to two expired keys from the oldest end: constant work per claim. */
  #dropExpiredOldest(now: number): void {
    let budget = 2;
    for (const [key, expiry] of this.#expiries) {
      if (expiry > now || budget-- === 0) return;
      this.#expiries.delete(key);
    }
  }

  /** Drops every expired key; true when room was made. Runs at most once per expiry when full. */
  #sweep(now: number): boolean {
    if (now < this.#fullUntil) return false;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [key, expiry] of this.#expiries) {
      if (expiry <= now) this.#expiries.delete(key);
      else if (expiry < earliest) earliest = expiry;
    }
    if (this.#expiries.size < this.#maxEntries) return true;
    this.#fullUntil = earliest;
    return false;
  }
}
