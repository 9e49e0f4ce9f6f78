import { describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '../src/index.js';
import { expectConfigError } from './helpers.js';

function clockAt(start: number) {
  const clock = { now: start, tick: (ms: number) => (clock.now += ms) };
  return clock;
}

describe('MemoryReplayStore', () => {
  it('claims a key once, until it expires', () => {
    const clock = clockAt(1_000);
    const store = new MemoryReplayStore({ now: () => clock.now });
    expect(store.claim('a', 2_000)).toBe(true);
    expect(store.claim('a', 2_000)).toBe(false);
    expect(store.claim('b', 2_000)).toBe(true);
    clock.tick(1_000);
    expect(store.claim('a', 5_000)).toBe(true);
    expect(store.claim('a', 5_000)).toBe(false);
  });

  it('drops expired keys as new ones arrive, without a timer', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ now: () => clock.now });
    for (let i = 0; i < 1_000; i++) store.claim(`old-${i}`, 100);
    clock.tick(200);
    for (let i = 0; i < 600; i++) store.claim(`new-${i}`, 10_000);
    // Two expired keys go per claim: after 600 claims the 1,000 old ones are down to none.
    expect(store.size).toBe(600);
  });

  it('refuses, rather than evicts, when full of unexpired keys, and recovers once they expire', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ maxEntries: 3, now: () => clock.now });
    for (const key of ['a', 'b', 'c']) expect(store.claim(key, 1_000)).toBe(true);
    expect(() => store.claim('d', 1_000)).toThrow(/full/);
    // A live key is never forgotten, so its replay is still caught.
    expect(store.claim('a', 1_000)).toBe(false);
    clock.tick(1_000);
    expect(store.claim('d', 5_000)).toBe(true);
    expect(store.claim('a', 5_000)).toBe(true);
  });

  it('makes room by sweeping keys that expired out of insertion order', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ maxEntries: 3, now: () => clock.now });
    store.claim('long', 10_000);
    store.claim('short-1', 100);
    store.claim('short-2', 100);
    clock.tick(500);
    expect(store.claim('next', 10_000)).toBe(true);
    expect(store.claim('long', 10_000)).toBe(false);
  });

  it('holds 100,000 keys and still answers each one', () => {
    const store = new MemoryReplayStore({ maxEntries: 100_000 });
    const expires = Date.now() + 60_000;
    for (let i = 0; i < 100_000; i++) expect(store.claim(`k${i}`, expires)).toBe(true);
    for (let i = 0; i < 100_000; i += 997) expect(store.claim(`k${i}`, expires)).toBe(false);
    expect(() => store.claim('one-more', expires)).toThrow(/full/);
  });

  it('forgets everything on close()', () => {
    const store = new MemoryReplayStore();
    store.claim('a', Date.now() + 1_000);
    store.close();
    expect(store.claim('a', Date.now() + 1_000)).toBe(true);
  });

  it('rejects a maxEntries that is not a positive whole number', () => {
    expectConfigError(() => new MemoryReplayStore({ maxEntries: 0 }));
    expectConfigError(() => new MemoryReplayStore({ maxEntries: 1.5 }));
  });
});
