import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('stores `<prefix><key>` with the claim’s expiry as an absolute PXAT', async () => {
    const prefix = `fpg:test:${randomUUID()}:`;
    const store = createRedisReplayStore({ client: redis, prefix });
    const expiresAt = Date.now() + 90_000;
    expect(await store.claim('1708102555327.NLOjmg', expiresAt)).toBe(true);
    expect(await redis.get(`${prefix}1708102555327.NLOjmg`)).toBe('1');
    expect(Number(await redis.sendCommand(['PEXPIRETIME', `${prefix}1708102555327.NLOjmg`]))).toBe(expiresAt);
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
    expect(sent[0]!.slice(0, 5)).toEqual(['SET', 'fpg:replay:k', '1', 'NX', 'PXAT']);
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
