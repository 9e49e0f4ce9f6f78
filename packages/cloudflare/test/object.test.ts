// ReplayStoreObject and the store's sharding, in workerd: the Worker's clock decides expiry, the
// alarm deletes expired rows, and failures reject.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import { startWorkerd, type Workerd } from './workerd.js';

let workerd: Workerd;
beforeAll(async () => {
  workerd = await startWorkerd({ FP_SEALED_KEY: generateKey() });
}, 60_000);
afterAll(() => workerd.dispose());

const raw = (op: string, object: string, body: unknown) =>
  workerd.post(`/raw/INSPECTABLE/${op}?object=${object}`, body);
const rows = (object: string) => raw('rows', object, {});

describe('ReplayStoreObject', () => {
  it('judges expiry by the caller’s clock, not its own', async () => {
    const object = randomUUID();
    // A caller whose clock is an hour behind the object's: by the caller's clock, live for a minute.
    const now = Date.now() - 3_600_000;
    const claim = { v: 1, key: 'k', expiresAtMs: now + 60_000, now };
    expect(await raw('claim', object, claim)).toEqual([200, { claimed: true }]);
    expect(await raw('claim', object, claim)).toEqual([200, { claimed: false }]);
    // The same row, by a caller whose clock is past its expiry: taken over, a first use.
    const later = { v: 1, key: 'k', expiresAtMs: Date.now() + 60_000, now: now + 60_000 };
    expect(await raw('claim', object, later)).toEqual([200, { claimed: true }]);
  });

  it('records nothing for a claim already expired by the caller’s clock', async () => {
    const object = randomUUID();
    const now = Date.now();
    expect(await raw('claim', object, { v: 1, key: 'past', expiresAtMs: now - 1, now })).toEqual([
      200,
      { claimed: true },
    ]);
    expect(await rows(object)).toEqual([200, { rows: 0, alarm: null }]);
  });

  it('deletes expired rows with an alarm', async () => {
    const object = randomUUID();
    const now = Date.now();
    for (const key of ['a', 'b', 'c']) await raw('claim', object, { v: 1, key, expiresAtMs: now + 200, now });
    await raw('claim', object, { v: 1, key: 'long', expiresAtMs: now + 600_000, now });
    const [, before] = await rows(object);
    expect(before.rows).toBe(4);
    expect(before.alarm).toEqual(expect.any(Number));
    let after = before;
    for (let attempt = 0; attempt < 60 && after.rows !== 1; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [, after] = await rows(object);
    }
    expect(after.rows).toBe(1); // the long-lived claim stays, and so does an alarm for it
    expect(after.alarm).toBeGreaterThanOrEqual(now + 600_000);
  });

  it('refuses a message of another protocol version, a missing key and other paths', async () => {
    const object = randomUUID();
    expect(await raw('claim', object, { v: 2, key: 'k', expiresAtMs: 1, now: 0 })).toMatchObject([
      400,
      { error: expect.stringContaining('protocol 1') },
    ]);
    expect((await raw('claim', object, { v: 1, expiresAtMs: 1, now: 0 }))[0]).toBe(400);
    expect((await raw('claim', object, { v: 1, key: 'k', expiresAtMs: 'soon', now: 0 }))[0]).toBe(400);
    expect((await raw('elsewhere', object, { v: 1, key: 'k' }))[0]).toBe(404);
  });
});

describe('createDurableObjectReplayStore in a Worker', () => {
  it('spreads keys over its shards by hash, one object per shard', async () => {
    const prefix = `spread-${randomUUID()}:`;
    const expiresAtMs = Date.now() + 60_000;
    for (let i = 0; i < 200; i++) {
      expect(
        await workerd.post('/store', {
          namespace: 'INSPECTABLE',
          prefix,
          shards: 4,
          op: 'claim',
          key: `event-${i}`,
          expiresAtMs,
        }),
      ).toEqual([200, { claimed: true }]);
    }
    const counts = await Promise.all([0, 1, 2, 3].map(async (shard) => (await rows(`${prefix}${shard}`))[1].rows));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(200);
    for (const count of counts) expect(count).toBeGreaterThan(20);
  });

  it('rejects, naming the cause, when the object throws or has no SQLite storage', async () => {
    const claim = { prefix: randomUUID(), op: 'claim', key: 'k', expiresAtMs: Date.now() + 60_000 };
    expect(await workerd.post('/store', { ...claim, namespace: 'THROWING' })).toEqual([
      503,
      {
        error: expect.stringMatching(/^Durable Object replay store: claim failed: .*storage exploded/),
        code: 'DURABLE_OBJECT_ERROR',
      },
    ]);
    expect(await workerd.post('/store', { ...claim, namespace: 'NO_SQL' })).toEqual([
      503,
      // workerd's own message, from the constructor: the store passes it on.
      { error: expect.stringContaining('new_sqlite_classes'), code: 'DURABLE_OBJECT_ERROR' },
    ]);
  });

  it('refuses once closed', async () => {
    const store = { prefix: randomUUID(), key: 'k', expiresAtMs: Date.now() + 60_000 };
    expect(await workerd.post('/store', { ...store, op: 'claim' })).toEqual([200, { claimed: true }]);
    await workerd.post('/store', { ...store, op: 'close' });
    expect(await workerd.post('/store', { ...store, op: 'claim', key: 'other' })).toEqual([
      503,
      { error: 'The Durable Object replay store is closed.', code: 'STORE_CLOSED' },
    ]);
    expect((await workerd.post('/store', { ...store, op: 'release' }))[0]).toBe(503);
  });
});
