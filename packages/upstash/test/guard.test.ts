// Guards in separate "instances" (each with its own client and store, as separate Edge isolates
// would have) sharing one Upstash database: an identification is accepted once, and a failing
// Upstash fails closed.
import { randomUUID } from 'node:crypto';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFingerprintGuard } from '@fingerprint-guard/core';
import {
  createEvent,
  createUpstashRestServer,
  generateKey,
  sealEvent,
  type UpstashRestServer,
} from '@fingerprint-guard/testing';
import { createUpstashReplayStore } from '../src/index.js';

const key = generateKey();
const prefix = `fpg:test:${randomUUID()}:`;
let upstash: UpstashRestServer;
beforeAll(async () => {
  upstash = await createUpstashRestServer();
});
afterAll(() => upstash.close());

/** One isolate: its own client, store and guard. */
const isolate = () =>
  createFingerprintGuard<Request>({
    fingerprint: { keys: [key] },
    replay: {
      store: createUpstashReplayStore({ client: new Redis({ url: upstash.url, token: upstash.token }), prefix }),
    },
  });
const request = (sealed: string) =>
  new Request('https://app.test/login', { headers: { 'fingerprint-sealed-result': sealed } });
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

describe('guards sharing one Upstash store', () => {
  it('accept exactly one of 200 concurrent requests with one sealed result, across 4 isolates', async () => {
    const guards = Array.from({ length: 4 }, isolate);
    const sealed = sealEvent(createEvent(), key);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => outcome(guards[i % 4]!.verify(request(sealed)))),
    );
    expect(outcomes.filter((result) => result === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((result) => result === 'EVENT_REPLAYED')).toHaveLength(199);
  });

  it('answer REPLAY_STORE_UNAVAILABLE, not a first use, while Upstash fails', async () => {
    const guard = isolate();
    upstash.failNext({ status: 502 }); // an HTTP error: the client does not retry it
    const sealed = sealEvent(createEvent(), key);
    await expect(guard.verify(request(sealed))).rejects.toMatchObject({
      code: 'REPLAY_STORE_UNAVAILABLE',
      status: 503,
    });
    expect(await outcome(guard.verify(request(sealed)))).toBe('accepted');
  });
});
