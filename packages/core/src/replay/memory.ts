/** MemoryReplayStore: the default, single-process replay store. */
import type { Duration } from '../duration.js';
import type { GuardLogger } from '../logger.js';
import type { OpenTelemetryApi } from '../observe/otel-types.js';
import { createStoreFullNotice } from '../observe/store-full.js';
import { isFunction, isLogger, wholeNumber } from '../schema/checks.js';
import { checkOptions, type OptionSchema } from '../schema/schema.js';
import type { ReplayStore } from './types.js';
import { isReplayWindow, storeWindowMs } from './window.js';

export interface MemoryReplayStoreOptions {
  /**
   * Most unexpired keys held at once; past it, claims are refused, never evicted.
   * Default `claimsPerSecond` × the window in seconds (225,000 at the defaults).
   */
  maxEntries?: number;
  /** The claims a second the default `maxEntries` is sized to hold for a whole window. Default 250. */
  claimsPerSecond?: number;
  /** The longest acceptance window of the guards on this store (`ReplayStore.windowMs`). Default `'15m'`. */
  window?: Duration;
  /** Where the `store-full` warning goes (at most once a minute). Default `console`. */
  logger?: GuardLogger;
  /** The OpenTelemetry API for the `fingerprint_guard.store_full` counter; default the installed `@opentelemetry/api`, `false` for none. */
  opentelemetry?: OpenTelemetryApi | false;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  now?: () => number;
}

const MEMORY_REPLAY_STORE_OPTIONS = {
  maxEntries: wholeNumber(1),
  claimsPerSecond: wholeNumber(1),
  window: isReplayWindow,
  logger: isLogger,
  opentelemetry: true,
  now: isFunction,
} as const satisfies OptionSchema<MemoryReplayStoreOptions>;

const BUCKET_MS = 1000;
/** The claim rate the default store holds for its whole window: 250 a second × 15 minutes = 225,000 keys (~30–45 MB). */
const DEFAULT_CLAIMS_PER_SECOND = 250;

/**
 * Remembers claimed keys in this process's memory. For one instance only: behind a load
 * balancer use a shared store such as `@fingerprint-guard/redis`.
 *
 * Every call is O(1) amortised, also when the store is full: keys are filed by the second they
 * expire in, and each call first drops the seconds that have passed (no timer keeps the process
 * alive). When `maxEntries` unexpired keys are held, `claim` throws rather than forget a live
 * key, which would let its replay through; the guard answers `REPLAY_STORE_UNAVAILABLE`, and
 * the store logs a `store-full` warning (at most once a minute) and counts `fingerprint_guard.store_full`.
 * Rules run before the claim, so denied traffic never takes room here.
 *
 * @example
 * fingerprintGuard({ fingerprint: { keys }, replay: { store: new MemoryReplayStore({ maxEntries: 50_000 }) } });
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #expiries = new Map<string, number>();
  /** Keys by the end of the second in which they expire (epoch ms / 1000, rounded up). */
  readonly #buckets = new Map<number, string[]>();
  /** Every bucket before this one is gone. */
  #cursor = Number.NEGATIVE_INFINITY;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #noticeFull: () => void;
  #closed = false;
  readonly windowMs: number;

  constructor(options: MemoryReplayStoreOptions = {}) {
    checkOptions(options, MEMORY_REPLAY_STORE_OPTIONS, 'MemoryReplayStore');
    this.#now = options.now ?? Date.now;
    this.windowMs = storeWindowMs(options.window);
    const claimsPerSecond = options.claimsPerSecond ?? DEFAULT_CLAIMS_PER_SECOND;
    this.#maxEntries = options.maxEntries ?? Math.ceil((claimsPerSecond * this.windowMs) / 1000);
    this.#noticeFull = createStoreFullNotice({
      store: 'MemoryReplayStore',
      maxEntries: this.#maxEntries,
      logger: options.logger ?? console,
      opentelemetry: options.opentelemetry,
      now: this.#now,
    });
  }

  /** The most unexpired keys it holds: `maxEntries`, or `claimsPerSecond` × the window in seconds. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /** Number of keys held; keys that expired within the current second may still be counted. */
  get size(): number {
    return this.#expiries.size;
  }

  claim(key: string, expiresAtMs: number): boolean {
    this.#refuseWhenClosed();
    const now = this.#now();
    this.#dropExpired(now);
    const expiry = this.#expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // Already expired: it can never block a claim, so it takes no room.
    if (!(expiresAtMs > now)) return true;
    if (expiry === undefined && this.#expiries.size >= this.#maxEntries) {
      this.#noticeFull();
      throw storeError('STORE_FULL', `MemoryReplayStore is full: ${this.#maxEntries} unexpired keys (maxEntries).`);
    }
    this.#expiries.set(key, expiresAtMs);
    const second = Math.ceil(expiresAtMs / BUCKET_MS);
    const bucket = this.#buckets.get(second);
    if (bucket) bucket.push(key);
    else this.#buckets.set(second, [key]);
    return true;
  }

  release(key: string): void {
    this.#refuseWhenClosed();
    // Its bucket entry stays behind; #dropExpired skips keys that are gone or renewed.
    this.#expiries.delete(key);
  }

  /** Forgets every key; later claims throw, so a closed store never answers "first use". */
  close(): void {
    this.#closed = true;
    this.#expiries.clear();
    this.#buckets.clear();
  }

  #refuseWhenClosed(): void {
    if (this.#closed) throw storeError('STORE_CLOSED', 'MemoryReplayStore is closed.');
  }

  /**
   * Drops every bucket whose keys have all expired: each key is dropped once, so O(1) amortised.
   * A full store gets room back within a second of its oldest keys expiring.
   */
  #dropExpired(now: number): void {
    const passed = Math.floor(now / BUCKET_MS);
    if (this.#cursor > passed) return;
    if (passed - this.#cursor >= this.#buckets.size) {
      // A long quiet spell: visiting the buckets is cheaper than walking every second.
      for (const second of this.#buckets.keys()) if (second <= passed) this.#dropBucket(second, now);
    } else {
      for (let second = this.#cursor; second <= passed; second++) this.#dropBucket(second, now);
    }
    this.#cursor = passed + 1;
  }

  #dropBucket(second: number, now: number): void {
    const keys = this.#buckets.get(second);
    if (keys === undefined) return;
    this.#buckets.delete(second);
    for (const key of keys) {
      const expiry = this.#expiries.get(key);
      // A key claimed again after it expired lives on in a later bucket.
      if (expiry !== undefined && expiry <= now) this.#expiries.delete(key);
    }
  }
}

/** A store failure with a `code` the guard's log names (`STORE_FULL`, `STORE_CLOSED`). */
function storeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
