import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisReplayStore } from '../src/index.js';
import { REDIS_URL } from './redis-servers.js';

const connect = () =>
  createClient({ url: REDIS_URL })
    .on('error', () => {})
    .connect();
let redis: Awaited<ReturnType<typeof connect>>;
beforeAll(async () => {
  redis = await connect();
});
afterAll(() => redis.quit());

const ok = async (): Promise<unknown> => 'OK';

describe('createRedisReplayStore', () => {
  it('stores `<prefix><key>` with a time to live relative to the app’s clock (PX), never an absolute PXAT', async () => {
    const prefix = `fpg:test:${randomUUID()}:`;
    const store = createRedisReplayStore({ client: redis, prefix });
    const expiresAt = Date.now() + 90_000;
    expect(await store.claim('1708102555327.NLOjmg', expiresAt)).toBe(true);
    expect(await redis.get(`${prefix}1708102555327.NLOjmg`)).toBe('1');
    const ttl = Number(await redis.pTTL(`${prefix}1708102555327.NLOjmg`));
    expect(ttl).toBeGreaterThan(85_000);
    expect(ttl).toBeLessThanOrEqual(90_000);
  });

  it('keeps a claim for its whole life when the app’s clock is behind Redis’s (one clock: the app’s)', async () => {
    const prefix = `fpg:test:${randomUUID()}:`;
    const store = createRedisReplayStore({ client: redis, prefix });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 3_000 });
    try {
      expect(await store.claim('behind', Date.now() + 2_000)).toBe(true);
      // By Redis's clock that expiry passed a second ago; the claim must still hold.
      expect(await store.claim('behind', Date.now() + 2_000)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('declares its window (default 15 minutes) and refuses every call once closed', async () => {
    const store = createRedisReplayStore({ client: redis, prefix: `fpg:test:${randomUUID()}:`, window: '20m' });
    expect(store.windowMs).toBe(20 * 60_000);
    expect(createRedisReplayStore({ client: redis }).windowMs).toBe(15 * 60_000);
    expect(await store.claim('before', Date.now() + 60_000)).toBe(true);
    await store.close?.();
    await expect(store.claim('before', Date.now() + 60_000)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(store.claim('other', Date.now() + 60_000)).rejects.toThrow('closed');
    await expect(store.release!('before')).rejects.toThrow('closed');
  });

  it('hashes a key longer than maxKeyLength to a fixed length, and keeps nothing else in the key', async () => {
    const prefix = `fpg:test:${randomUUID()}:`;
    const store = createRedisReplayStore({ client: redis, prefix, maxKeyLength: 32 });
    await store.claim('k'.repeat(5_000), Date.now() + 60_000);
    await store.claim('short-key', Date.now() + 60_000);
    const keys = (await redis.keys(`${prefix}*`)).sort();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}sha256:[A-Za-z0-9_-]{43}$`));
    expect(keys[1]).toBe(`${prefix}short-key`);
  });

  it('sends exactly one command per claim and never retries one that failed', async () => {
    const sent: string[][] = [];
    const store = createRedisReplayStore({
      sendCommand: async (args) => {
        sent.push(args);
        throw new Error('connection reset');
      },
    });
    await expect(store.claim('k', Date.now() + 60_000)).rejects.toThrow('connection reset');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.slice(0, 5)).toEqual(['SET', 'fpg:replay:k', '1', 'NX', 'PX']);
  });

  it('gives up after `timeout` when Redis does not answer', async () => {
    const store = createRedisReplayStore({ sendCommand: () => new Promise(() => {}), timeout: '100ms' });
    const started = performance.now();
    await expect(store.claim('k', Date.now() + 60_000)).rejects.toThrow(/within 100 ms/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('rejects an unexpected reply instead of guessing', async () => {
    const store = createRedisReplayStore({ sendCommand: async () => 'QUEUED' });
    await expect(store.claim('k', Date.now() + 60_000)).rejects.toThrow(/unexpected reply/);
  });

  it.each([
    ['no client', {}],
    ['a client without a known method', { client: { get() {} } }],
    ['both client and sendCommand', { client: {}, sendCommand: ok }],
    ['a bad timeout', { sendCommand: ok, timeout: 'soon' }],
    ['a tiny maxKeyLength', { sendCommand: ok, maxKeyLength: 4 }],
  ] as Array<[string, object]>)('throws CONFIG_INVALID for %s', (_name, options) => {
    expect(() => createRedisReplayStore(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
