import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { login, startInstance, stopInstance, type Instance } from '@fingerprint-guard/test-kit/processes';
import { startRedis, type RedisServer } from './redis-servers.js';

/** The app each instance runs: the guard on this package's store, in a process of its own. */
const APP = new URL('./fixtures/app.mjs', import.meta.url);

const key = generateKey();
const STORE_TIMEOUT_MS = 300;
let redis: RedisServer;
let app: Instance;

beforeAll(async () => {
  redis = await startRedis();
  app = await startInstance(APP, {
    SEALED_KEY: key,
    REDIS_URL: redis.url,
    PREFIX: `fpg:test:${randomUUID()}:`,
    STORE_TIMEOUT: `${STORE_TIMEOUT_MS}ms`,
  });
}, 30_000);
afterAll(async () => {
  await stopInstance(app);
  await redis.stop();
});

const fresh = () => sealEvent(createEvent(), key);

/** Sends `count` requests, half fresh, half replays of events accepted before the outage. */
async function burst(count: number, accepted: string[]) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => login(app.url, i % 2 === 0 ? fresh() : accepted[i % accepted.length]!)),
  );
}

describe('a Redis outage under load', () => {
  it('frozen Redis (SIGSTOP): every request is 503 within the store time-out, no replay passes, and it recovers', async () => {
    const accepted = [fresh(), fresh(), fresh()];
    for (const sealed of accepted) expect((await login(app.url, sealed)).status).toBe(200);

    redis.process.kill('SIGSTOP');
    try {
      const during = await burst(60, accepted);
      expect(during.map((r) => r.code)).toEqual(Array(60).fill('REPLAY_STORE_UNAVAILABLE'));
      expect(during.every((r) => r.status === 503)).toBe(true);
      // Bounded by the store time-out, not by the client's offline queue: generous margin for a shared machine.
      expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(STORE_TIMEOUT_MS + 2_000);
    } finally {
      redis.process.kill('SIGCONT');
    }

    // Back up, without restarting the app: fresh ones pass, replays of earlier ones are still caught.
    expect((await login(app.url, fresh())).status).toBe(200);
    for (const sealed of accepted)
      expect(await login(app.url, sealed)).toMatchObject({ status: 409, code: 'EVENT_REPLAYED' });
  });

  it('killed and restarted Redis: 503 while it is down, success again once it is back', async () => {
    const accepted = [fresh(), fresh()];
    for (const sealed of accepted) expect((await login(app.url, sealed)).status).toBe(200);
    const port = redis.port;
    await redis.stop();

    const during = await burst(40, accepted);
    expect(during.every((r) => r.status === 503 && r.code === 'REPLAY_STORE_UNAVAILABLE')).toBe(true);
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(STORE_TIMEOUT_MS + 2_000);

    redis = await startRedis({ port });
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = (await login(app.url, fresh())).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    const again = fresh();
    expect((await login(app.url, again)).status).toBe(200);
    expect((await login(app.url, again)).status).toBe(409);
  });
});
