import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { login, startInstance, stopInstance, tally, type Instance } from '@fingerprint-guard/test-kit/processes';
import { uniqueTable } from './postgres-servers.js';

/** The app each instance runs: the guard on this package's store, in a process of its own. */
const APP = new URL('./fixtures/app.mjs', import.meta.url);

const key = generateKey();
const url = inject('databaseUrl');
const table = uniqueTable('multi');
let instances: Instance[] = [];

beforeAll(async () => {
  // Two instances on node-postgres, two on postgres.js, one table; all four create it at once.
  // A generous store time-out: this file is about the single winner, on a 2-core machine that
  // also runs the unsealing of 1,000 requests; outage.test.ts is the one about deadlines.
  const env = { SEALED_KEY: key, DATABASE_URL: url, TABLE: table, STORE_TIMEOUT: '5s' };
  instances = await Promise.all(
    ['pg', 'postgres.js', 'pg', 'postgres.js'].map((DRIVER) => startInstance(APP, { ...env, DRIVER })),
  );
}, 30_000);
afterAll(async () => {
  await Promise.all(instances.map(stopInstance));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS "${table}"`);
  await client.end();
});

describe('four app processes sharing one PostgreSQL table', () => {
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

describe('two app processes with different maxAge on one table', () => {
  const started: Instance[] = [];
  afterAll(() => Promise.all(started.map(stopInstance)));

  it('what a 2 s process accepted, a 10 min process refuses after the 2 s claim would have ended', async () => {
    const env = { SEALED_KEY: key, DATABASE_URL: url, TABLE: table, CLOCK_SKEW: '1s' };
    const [short, long] = await Promise.all([
      startInstance(APP, { ...env, MAX_AGE: '2s' }),
      startInstance(APP, { ...env, MAX_AGE: '10m' }),
    ]);
    started.push(short, long);
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 1_500 }), key);
    expect((await login(short.url, sealed)).status).toBe(200);
    // Past timestamp + maxAge + clockSkew of the short process: its own claim would have expired by now.
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await login(long.url, sealed)).toMatchObject({ status: 409, code: 'EVENT_REPLAYED' });
  });
});
