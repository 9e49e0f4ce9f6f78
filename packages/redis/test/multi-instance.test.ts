import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { login, startInstance, stopInstance, type Instance } from './instances.js';
import { REDIS_URL } from './redis-servers.js';

const key = generateKey();
let instances: Instance[] = [];

beforeAll(async () => {
  const env = { SEALED_KEY: key, REDIS_URL, PREFIX: `fpg:test:${randomUUID()}:` };
  instances = await Promise.all(Array.from({ length: 4 }, () => startInstance(env)));
}, 30_000);
afterAll(() => Promise.all(instances.map(stopInstance)));

describe('four app processes sharing one Redis store', () => {
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
