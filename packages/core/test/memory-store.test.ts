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

  it('drops expired keys as time passes, without a timer', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ now: () => clock.now });
    for (let i = 0; i < 1_000; i++) store.claim(`old-${i}`, 100 + i);
    clock.tick(2_000);
    for (let i = 0; i < 600; i++) store.claim(`new-${i}`, 10_000);
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

  it('makes room from keys that expired out of insertion order', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ maxEntries: 3, now: () => clock.now });
    store.claim('long', 10_000);
    store.claim('short-1', 100);
    store.claim('short-2', 100);
    clock.tick(1_000);
    expect(store.claim('next', 10_000)).toBe(true);
    expect(store.claim('also-next', 10_000)).toBe(true);
    expect(store.claim('long', 10_000)).toBe(false);
  });

  it('is expired from its expiry on, and a key claimed with a past expiry takes no room', () => {
    const clock = clockAt(10_000);
    const store = new MemoryReplayStore({ maxEntries: 1, now: () => clock.now });
    expect(store.claim('past', 9_000)).toBe(true);
    expect(store.size).toBe(0);
    expect(store.claim('edge', 10_500)).toBe(true);
    expect(store.claim('edge', 9_000)).toBe(false);
    clock.tick(499);
    expect(store.claim('edge', 20_000)).toBe(false);
    clock.tick(1);
    expect(store.claim('edge', 20_000)).toBe(true);
  });

  it('release() forgets a key; a renewed key outlives the bucket of its first expiry', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ now: () => clock.now });
    store.claim('a', 1_500);
    store.release('a');
    expect(store.claim('a', 1_500)).toBe(true);
    clock.tick(1_600);
    expect(store.claim('a', 60_000)).toBe(true);
    clock.tick(1_000);
    expect(store.claim('a', 60_000)).toBe(false);
  });

  it('when full, refuses new keys, still answers live ones, and gets room back bucket by bucket', () => {
    const clock = clockAt(0);
    const store = new MemoryReplayStore({ maxEntries: 50_000, now: () => clock.now });
    for (let i = 0; i < 50_000; i++) store.claim(`live-${i}`, 60_000 + (i % 50) * 1_000);
    for (let i = 0; i < 1_000; i++) expect(() => store.claim(`refused-${i}`, 60_000)).toThrow(/full/);
    expect(store.claim('live-7', 60_000)).toBe(false);
    // One second's bucket (1,000 keys) expires: exactly that much room comes back.
    clock.tick(60_000);
    for (let i = 0; i < 1_000; i++) expect(store.claim(`after-${i}`, 200_000)).toBe(true);
    expect(() => store.claim('one-too-many', 200_000)).toThrow(/full/);
    expect(store.claim('live-1', 200_000)).toBe(false);
  });

  it('holds 100,000 keys and still answers each one', () => {
    const store = new MemoryReplayStore({ maxEntries: 100_000 });
    const expires = Date.now() + 60_000;
    for (let i = 0; i < 100_000; i++) expect(store.claim(`k${i}`, expires)).toBe(true);
    for (let i = 0; i < 100_000; i += 997) expect(store.claim(`k${i}`, expires)).toBe(false);
    expect(() => store.claim('one-more', expires)).toThrow(/full/);
  });

  it('refuses every claim and release once closed: a replay of a claimed key is never "first use" again', () => {
    const store = new MemoryReplayStore();
    store.claim('a', Date.now() + 1_000);
    store.close();
    expect(() => store.claim('a', Date.now() + 1_000)).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
    expect(() => store.claim('b', Date.now() + 1_000)).toThrow('closed');
    expect(() => store.release('a')).toThrow('closed');
    expect(store.size).toBe(0);
  });

  it('declares its window: 15 minutes by default, or the window option', () => {
    expect(new MemoryReplayStore().windowMs).toBe(15 * 60_000);
    expect(new MemoryReplayStore({ window: '2m' }).windowMs).toBe(120_000);
    expectConfigError(() => new MemoryReplayStore({ window: '500ms' }));
    expectConfigError(() => new MemoryReplayStore({ window: 'soon' as never }));
  });

  it('rejects a maxEntries that is not a positive whole number', () => {
    expectConfigError(() => new MemoryReplayStore({ maxEntries: 0 }));
    expectConfigError(() => new MemoryReplayStore({ maxEntries: 1.5 }));
  });
});
