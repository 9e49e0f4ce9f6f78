// One claim per application over real HTTP: two routes with their own store objects on one Redis client, as the README writes it.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintGuard } from '@fingerprint-guard/express';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { createRedisReplayStore } from '../src/index.js';
import { REDIS_URL } from './redis-servers.js';

const key = generateKey();
const quiet = { warn() {}, error() {} };
const closers: Array<() => Promise<unknown>> = [];
let redis: Awaited<ReturnType<typeof connect>>;
const connect = () =>
  createClient({ url: REDIS_URL })
    .on('error', () => {})
    .connect();
beforeAll(async () => {
  redis = await connect();
});
afterAll(async () => {
  for (const close of closers) await close();
  await redis.quit();
});

async function serve(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = async (url: string, sealed: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'fingerprint-sealed-result': sealed } });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
};

describe('Redis: one claim per application, whatever builds the store', () => {
  it('/login (maxAge 2 s) and /export (maxAge 10 min), each with its own store object on one client: accepted once', async () => {
    const prefix = `fpg:test:${randomUUID()}:`;
    const guard = (maxAge: '2s' | '10m') =>
      fingerprintGuard({
        fingerprint: { keys: [key] },
        maxAge,
        clockSkew: '1s',
        replay: { store: createRedisReplayStore({ client: redis, prefix }) },
        logger: quiet,
      });
    const app = express();
    app.post('/login', guard('2s'), (_req, res) => res.json({ ok: true }));
    app.post('/export', guard('10m'), (_req, res) => res.json({ ok: true }));
    const base = await serve(app);
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 1_500 }), key);
    expect((await post(`${base}/login`, sealed)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await post(`${base}/export`, sealed)).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
  });

  it('a closed store refuses: 503, and a replay of an accepted result is never let through', async () => {
    const store = createRedisReplayStore({ client: redis, prefix: `fpg:test:${randomUUID()}:` });
    const app = express();
    app.post(
      '/login',
      fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store }, logger: quiet }),
      (_req, res) => res.json({ ok: true }),
    );
    const base = await serve(app);
    const sealed = sealEvent(createEvent(), key);
    expect((await post(`${base}/login`, sealed)).status).toBe(200);
    await store.close?.();
    expect(await post(`${base}/login`, sealed)).toMatchObject({
      status: 503,
      body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } },
    });
    expect((await post(`${base}/login`, sealEvent(createEvent(), key))).status).toBe(503);
  });
});
