import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { login, startInstance, stopInstance, tally, type Instance } from '@fingerprint-guard/test-kit/processes';
import { REDIS_URL } from './redis-servers.js';

/** The app each instance runs: the guard on this package's store, in a process of its own. */
const APP = new URL('./fixtures/app.mjs', import.meta.url);

const key = generateKey();
let instances: Instance[] = [];

beforeAll(async () => {
  // A generous store time-out: these tests are about atomicity, and 1,000 requests on a loaded 2-core machine can queue a claim past 1 s.
  const env = { SEALED_KEY: key, REDIS_URL, PREFIX: `fpg:test:${randomUUID()}:`, STORE_TIMEOUT: '15s' };
  instances = await Promise.all(Array.from({ length: 4 }, () => startInstance(APP, env)));
}, 30_000);
afterAll(() => Promise.all(instances.map(stopInstance)));

describe('four app processes sharing one Redis store', () => {
  it('accept exactly one of 1,000 concurrent requests carrying the same sealed result', async () => {
    const sealed = sealEvent(createEvent(), key);
    const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) => login(instances[i % 4]!.url, sealed)));
    expect(tally(results)).toEqual({ '200': 1, '409 EVENT_REPLAYED': 999 });
  });

  it('accept all of 1,000 concurrent requests carrying distinct sealed results', async () => {
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => login(instances[i % 4]!.url, sealEvent(createEvent(), key))),
    );
    expect(tally(results)).toEqual({ '200': 1_000 });
  });
});

describe('two app processes with different maxAge, and clocks apart, on one Redis keyspace', () => {
  const started: Instance[] = [];
  afterAll(() => Promise.all(started.map(stopInstance)));
  const start = async (env: Record<string, string>) => {
    const instance = await startInstance(APP, { SEALED_KEY: key, REDIS_URL, ...env });
    started.push(instance);
    return instance;
  };

  it('what a 2 s process accepted, a 10 min process refuses after the 2 s claim would have ended', async () => {
    const PREFIX = `fpg:test:${randomUUID()}:`;
    const [short, long] = await Promise.all([
      start({ PREFIX, MAX_AGE: '2s', CLOCK_SKEW: '1s' }),
      start({ PREFIX, MAX_AGE: '10m', CLOCK_SKEW: '1s' }),
    ]);
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 1_500 }), key);
    expect((await login(short.url, sealed)).status).toBe(200);
    // Past timestamp + maxAge + clockSkew of the short process: its own claim would have expired by now.
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await login(long.url, sealed)).toMatchObject({ status: 409, code: 'EVENT_REPLAYED' });
  });

  it('a Redis server whose clock is 3 s ahead of the app’s does not end a claim early', async () => {
    // The app and the provider agree on a clock 3 s behind the machine's, where Redis runs.
    const app = await start({
      PREFIX: `fpg:test:${randomUUID()}:`,
      MAX_AGE: '2s',
      CLOCK_SKEW: '1s',
      CLOCK_OFFSET_MS: '-3000',
    });
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 3_000 }), key);
    expect((await login(app.url, sealed)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await login(app.url, sealed)).toMatchObject({ status: 409, code: 'EVENT_REPLAYED' });
  });
});
