// createUpstashReplayStore through the real @upstash/redis client and the local REST server on a
// real Redis: what it sends, how it survives the client's retries, and how it fails closed.
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashRestServer, type UpstashRestServer } from '@fingerprint-guard/testing';
import { createUpstashReplayStore } from '../src/index.js';

let upstash: UpstashRestServer;
beforeAll(async () => {
  upstash = await createUpstashRestServer();
});
afterAll(() => upstash.close());

const prefix = () => `fpg:test:${randomUUID()}:`;
const client = (options: { retry?: false } = {}) => new Redis({ url: upstash.url, token: upstash.token, ...options });
/** The same Redis, read without the store: what it really holds. */
const direct = () => client();

describe('createUpstashReplayStore', () => {
  it('claims with one SET NX GET and a TTL relative to this process’s clock (PX, never PXAT)', async () => {
    const keyPrefix = prefix();
    const store = createUpstashReplayStore({ client: client(), prefix: keyPrefix });
    const before = upstash.commands.length;
    expect(await store.claim('1708102555327.NLOjmg', Date.now() + 90_000)).toBe(true);
    const sent = upstash.commands.slice(before);
    expect(sent).toHaveLength(1);
    const [name, key, value, ...flags] = sent[0]!;
    expect([name, key, flags.slice(0, 3)]).toEqual(['set', `${keyPrefix}1708102555327.NLOjmg`, ['nx', 'get', 'px']]);
    expect(Number(flags[3])).toBeGreaterThan(89_000);
    expect(Number(flags[3])).toBeLessThanOrEqual(90_000);
    expect(sent.flat().map((part) => part.toLowerCase())).not.toContain('pxat');
    expect(await direct().get(key!)).toBe(value);
    expect(await direct().pttl(key!)).toBeGreaterThan(89_000);
  });

  it('answers an already-expired claim by reading only: true when absent (nothing kept), false when live', async () => {
    const keyPrefix = prefix();
    const store = createUpstashReplayStore({ client: client(), prefix: keyPrefix });
    const before = upstash.commands.length;
    expect(await store.claim('past', Date.now() - 1_000)).toBe(true);
    expect(upstash.commands.slice(before).map((command) => command[0])).toEqual(['exists']);
    expect(await direct().exists(`${keyPrefix}past`)).toBe(0);
    expect(await store.claim('live', Date.now() + 60_000)).toBe(true);
    expect(await store.claim('live', Date.now() - 1_000)).toBe(false);
  });

  it('answers true when the client retried a claim whose first request ran but lost its answer', async () => {
    const store = createUpstashReplayStore({ client: client(), prefix: prefix() });
    upstash.failNext('lose-reply'); // SET ran in Redis; the connection dropped before the answer
    expect(await store.claim('retried', Date.now() + 60_000)).toBe(true);
    expect(await store.claim('retried', Date.now() + 60_000)).toBe(false);
  });

  it('rejects when every answer is lost; the claim then stands', async () => {
    // @upstash/redis 1.39 sends a request twice even with `retry: false`.
    const store = createUpstashReplayStore({ client: client({ retry: false }), prefix: prefix() });
    upstash.failNext('lose-reply', 'lose-reply');
    await expect(store.claim('lost', Date.now() + 60_000)).rejects.toThrow(/Upstash replay store: claim failed/);
    expect(await store.claim('lost', Date.now() + 60_000)).toBe(false);
  });

  it('rejects on an HTTP error, a refused token and a connection that does not answer', async () => {
    const store = createUpstashReplayStore({ client: client({ retry: false }), prefix: prefix(), timeout: '200ms' });
    upstash.failNext({ status: 503 });
    const failed = await store.claim('a', Date.now() + 60_000).catch((error: Error) => error);
    // Coded for the guard's log, once per kind; the key the client quotes is left out.
    expect(failed).toMatchObject({
      code: 'UPSTASH_ERROR',
      message: 'Upstash replay store: claim failed: ERR fake failure 503',
    });
    const wrongToken = createUpstashReplayStore({
      client: new Redis({ url: upstash.url, token: 'wrong', retry: false }),
      prefix: prefix(),
    });
    await expect(wrongToken.claim('a', Date.now() + 60_000)).rejects.toThrow(/Unauthorized/);
    upstash.failNext('hang');
    await expect(store.claim('b', Date.now() + 60_000)).rejects.toMatchObject({
      code: 'STORE_TIMEOUT',
      message: expect.stringContaining('did not answer within 200 ms'),
    });
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const unreachable = createUpstashReplayStore({
      client: new Redis({ url: `http://127.0.0.1:${closedPort}`, token: 't', retry: false }),
    });
    await expect(unreachable.claim('c', Date.now() + 60_000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    upstash.failNext({ status: 500 });
    await expect(store.release('a')).rejects.toThrow(/release failed/);
  });

  it('refuses once closed: claims and releases reject, and nothing reaches Upstash', async () => {
    const store = createUpstashReplayStore({ client: client(), prefix: prefix() });
    expect(await store.claim('before', Date.now() + 60_000)).toBe(true);
    store.close();
    const before = upstash.commands.length;
    await expect(store.claim('after', Date.now() + 60_000)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(store.release('before')).rejects.toThrow(/closed/);
    expect(upstash.commands.length).toBe(before);
  });

  it('stores long keys and keys with a lone surrogate as their SHA-256, keeping them apart', async () => {
    const keyPrefix = prefix();
    const store = createUpstashReplayStore({ client: client(), prefix: keyPrefix, maxKeyLength: 32 });
    for (const key of ['k'.repeat(5_000), 'a\uD800', 'a\uDC00', 'short-key']) {
      expect(await store.claim(key, Date.now() + 60_000)).toBe(true);
      expect(await store.claim(key, Date.now() + 60_000)).toBe(false);
    }
    const keys = (await direct().keys(`${keyPrefix}*`)).sort();
    expect(keys).toHaveLength(4);
    expect(keys.slice(0, 3).every((key) => new RegExp(`^${keyPrefix}sha256:[A-Za-z0-9_-]{43}$`).test(key))).toBe(true);
    expect(keys[3]).toBe(`${keyPrefix}short-key`);
  });

  it('exposes its window, 15 minutes unless told', () => {
    expect(createUpstashReplayStore({ client: client() }).windowMs).toBe(900_000);
    expect(createUpstashReplayStore({ client: client(), window: '1h' }).windowMs).toBe(3_600_000);
  });

  // A real client that is never called: construction alone is under test.
  const idle = new Redis({ url: 'http://127.0.0.1:1', token: 'unused' });
  it.each([
    ['no options', undefined],
    ['no client', {}],
    ['a client without set, exists and del', { client: { get() {} } }],
    ['a bad timeout', { client: idle, timeout: 'soon' }],
    ['a bad window', { client: idle, window: '-1m' }],
    ['a window under a second', { client: idle, window: 10 }],
    ['a tiny maxKeyLength', { client: idle, maxKeyLength: 4 }],
    ['a prefix that is not a string', { client: idle, prefix: 7 }],
  ] as Array<[string, unknown]>)('throws CONFIG_INVALID for %s', (_name, options) => {
    expect(() => createUpstashReplayStore(options as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
