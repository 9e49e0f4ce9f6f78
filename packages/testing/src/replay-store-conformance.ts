/** A vitest suite that checks a ReplayStore against the contract the guard relies on. */
import type { ReplayStore } from '@fingerprint-guard/core';
import { afterEach, describe, expect, it } from 'vitest';

export interface ReplayStoreConformanceOptions {
  /** Concurrent claims of one key in the race test. Default 100. */
  concurrency?: number;
  /** Distinct keys in the volume test. Default 10,000. */
  keyCount?: number;
  /** Lifetime of the keys in the expiry test; the test waits a little longer. Default 300 ms. */
  expiryMs?: number;
}

/**
 * Registers a `describe` block that checks `createStore()` against the `ReplayStore` contract:
 * first claim true, second false, expiry honoured from `expiresAtMs` on, a live key never
 * reclaimed with a past expiry, keys independent, exactly one winner among concurrent claims,
 * large key counts, long and unusual keys, `release()` when the store has it, a well-formed
 * `windowMs` when it declares one, and `close()` after which every claim is refused. Call it at
 * the top level of a vitest file. `createStore` is called once per test and should give a store that
 * starts empty (for a shared server, a fresh key prefix).
 *
 * @example
 * import { replayStoreConformance } from '@fingerprint-guard/testing/vitest';
 * replayStoreConformance('my DynamoDB store', () => new DynamoReplayStore({ table: `test-${crypto.randomUUID()}` }));
 */
export function replayStoreConformance(
  name: string,
  createStore: () => ReplayStore | Promise<ReplayStore>,
  options: ReplayStoreConformanceOptions = {},
): void {
  const { concurrency = 100, keyCount = 10_000, expiryMs = 300 } = options;
  const opened: ReplayStore[] = [];
  const open = async () => {
    const store = await createStore();
    opened.push(store);
    return store;
  };
  const later = (ms = 60_000) => Date.now() + ms;

  describe(`ReplayStore conformance: ${name}`, () => {
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close?.()));
    });

    it('answers true for the first claim of a key and false for the next ones', async () => {
      const store = await open();
      const expires = later();
      expect(await store.claim('1708102555327.NLOjmg', expires)).toBe(true);
      expect(await store.claim('1708102555327.NLOjmg', expires)).toBe(false);
      expect(await store.claim('1708102555327.NLOjmg', later(120_000))).toBe(false);
    });

    it('answers with booleans, not truthy values', async () => {
      const store = await open();
      const first = await store.claim('boolean-check', later());
      const second = await store.claim('boolean-check', later());
      expect([typeof first, typeof second]).toEqual(['boolean', 'boolean']);
    });

    it('forgets a key once it expires', async () => {
      const store = await open();
      expect(await store.claim('short-lived', Date.now() + expiryMs)).toBe(true);
      expect(await store.claim('short-lived', Date.now() + expiryMs)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, expiryMs + 200));
      expect(await store.claim('short-lived', later())).toBe(true);
    });

    it('answers false for a live key even when the new claim carries an expiry in the past', async () => {
      const store = await open();
      expect(await store.claim('boundary-live', later())).toBe(true);
      expect(await store.claim('boundary-live', Date.now() - 1_000)).toBe(false);
      expect(await store.claim('boundary-live', Date.now())).toBe(false);
    });

    it('treats a key as expired from its expiry on, and never keeps one that is already expired', async () => {
      const store = await open();
      const past = Date.now() - 1_000;
      expect(await store.claim('boundary-past', past)).toBe(true);
      expect(await store.claim('boundary-past', past)).toBe(true);
      const expiresAt = Date.now() + expiryMs;
      expect(await store.claim('boundary-exact', expiresAt)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 20));
      expect(await store.claim('boundary-exact', later())).toBe(true);
    });

    it('keeps keys independent of each other', async () => {
      const store = await open();
      expect(await store.claim('key-a', later())).toBe(true);
      expect(await store.claim('key-b', later())).toBe(true);
      expect(await store.claim('key-a', later())).toBe(false);
      expect(await store.claim('key-b', later())).toBe(false);
    });

    it(`lets exactly one of ${concurrency} concurrent claims of one key win`, async () => {
      const store = await open();
      const expires = later();
      const answers = await Promise.all(Array.from({ length: concurrency }, () => store.claim('contended', expires)));
      expect(answers.filter((answer) => answer === true)).toHaveLength(1);
      expect(answers.filter((answer) => answer === false)).toHaveLength(concurrency - 1);
    });

    it(`holds ${keyCount} distinct keys`, async () => {
      const store = await open();
      const expires = later();
      const keys = Array.from({ length: keyCount }, (_, i) => `volume-${i}`);
      // In batches: the volume is what is tested, not how many commands a client keeps in flight.
      const first: boolean[] = [];
      for (let i = 0; i < keys.length; i += 250) {
        first.push(...(await Promise.all(keys.slice(i, i + 250).map((key) => store.claim(key, expires)))));
      }
      expect(first.every((answer) => answer === true)).toBe(true);
      const again = await Promise.all(keys.filter((_, i) => i % 97 === 0).map((key) => store.claim(key, expires)));
      expect(again.every((answer) => answer === false)).toBe(true);
    });

    it('keeps long, similar and unusual keys apart', async () => {
      const store = await open();
      const long = 'x'.repeat(2_000);
      // Two lone surrogates: sent as UTF-8 both become U+FFFD, and the second would be a false replay.
      const lone = ['lone-\ud800', 'lone-\udc00'];
      const keys = [long, `${long}y`, 'ключ-🔑', 'with space', 'with:colon', 'a'.repeat(129), 'a'.repeat(130), ...lone];
      for (const key of keys) expect(await store.claim(key, later())).toBe(true);
      for (const key of keys) expect(await store.claim(key, later())).toBe(false);
    });

    it('release(key) gives a claim back: the next claim of it is true, and only it', async () => {
      const store = await open();
      if (typeof store.release !== 'function') return void console.info(`${name}: no release(); skipped`);
      expect(await store.claim('released', later())).toBe(true);
      expect(await store.claim('kept', later())).toBe(true);
      await store.release('released');
      expect(await store.claim('released', later())).toBe(true);
      expect(await store.claim('released', later())).toBe(false);
      expect(await store.claim('kept', later())).toBe(false);
    });

    it('release(key) of a key never claimed, or released twice, does nothing', async () => {
      const store = await open();
      if (typeof store.release !== 'function') return;
      await store.release('never-claimed');
      expect(await store.claim('never-claimed', later())).toBe(true);
      await store.release('never-claimed');
      await store.release('never-claimed');
      expect(await store.claim('never-claimed', later())).toBe(true);
    });

    it(`lets exactly one of ${concurrency} concurrent claims win again after a release`, async () => {
      const store = await open();
      if (typeof store.release !== 'function') return;
      expect(await store.claim('contended-release', later())).toBe(true);
      await store.release('contended-release');
      const answers = await Promise.all(
        Array.from({ length: concurrency }, () => store.claim('contended-release', later())),
      );
      expect(answers.filter((answer) => answer === true)).toHaveLength(1);
    });

    it('declares its window, when it does, as whole milliseconds of at least one second', async () => {
      const store = await open();
      if (store.windowMs === undefined) return void console.info(`${name}: no windowMs; guards use 15 minutes`);
      expect(Number.isSafeInteger(store.windowMs)).toBe(true);
      expect(store.windowMs).toBeGreaterThanOrEqual(1_000);
    });

    it('closes without error, twice if asked, and refuses every claim after: never "first use" again', async () => {
      const store = await createStore();
      await store.claim('before-close', later());
      if (typeof store.close !== 'function') return;
      await store.close();
      await store.close();
      for (const key of ['before-close', 'after-close']) {
        const outcome = await (async () => store.claim(key, later()))().then(
          (answer) => `answered ${answer}`,
          () => 'refused',
        );
        expect(outcome, `claim('${key}') after close()`).toBe('refused');
      }
    });
  });
}
