import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { login, startInstance, stopInstance, type Instance } from './instances.js';
import { uniqueTable } from './postgres-servers.js';

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
    ['pg', 'postgres.js', 'pg', 'postgres.js'].map((DRIVER) => startInstance({ ...env, DRIVER })),
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
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.code === 'EVENT_REPLAYED')).toHaveLength(999);
  });

  it('accept all of 1,000 concurrent requests carrying distinct sealed results', async () => {
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => login(instances[i % 4]!.url, sealEvent(createEvent(), key))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1_000);
  });
});
