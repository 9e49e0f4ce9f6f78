// Hono guards in two Workers (two isolates) on one Durable Object store, in workerd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { startWorkerd, type Workerd } from './workerd.js';

const key = generateKey();
let workerd: Workerd;
beforeAll(async () => {
  workerd = await startWorkerd({ FP_SEALED_KEY: key });
}, 60_000);
afterAll(() => workerd.dispose());

const login = (path: string, sealed: string, worker: 'a' | 'b' = 'a') =>
  workerd.post(path, undefined, { worker, headers: { 'fingerprint-sealed-result': sealed } });

describe('a guard in a Worker with the Durable Object store', () => {
  it('accepts exactly one of 150 concurrent requests carrying one sealed result', async () => {
    const sealed = sealEvent(createEvent(), key);
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => login('/login', sealed, i % 2 ? 'a' : 'b')),
    );
    expect(answers.filter(([status]) => status === 200)).toHaveLength(1);
    expect(answers.filter(([status, body]) => status === 409 && body.error.code === 'EVENT_REPLAYED')).toHaveLength(
      149,
    );
  });

  it('refuses in one Worker the replay of what another Worker accepted, where memory stores cannot', async () => {
    const sealed = sealEvent(createEvent(), key);
    expect((await login('/login', sealed, 'a'))[0]).toBe(200);
    expect(await login('/login', sealed, 'b')).toMatchObject([409, { error: { code: 'EVENT_REPLAYED' } }]);
    // The same two isolates with their memory stores: each accepts it once.
    const other = sealEvent(createEvent(), key);
    expect((await login('/login-memory', other, 'a'))[0]).toBe(200);
    expect((await login('/login-memory', other, 'b'))[0]).toBe(200);
  });

  it('answers 503 REPLAY_STORE_UNAVAILABLE, never a first use, when the object fails', async () => {
    const sealed = sealEvent(createEvent(), key);
    expect(await login('/login-broken', sealed)).toMatchObject([503, { error: { code: 'REPLAY_STORE_UNAVAILABLE' } }]);
  });
});
