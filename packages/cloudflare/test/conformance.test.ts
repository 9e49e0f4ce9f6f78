// The conformance kit against the real store and ReplayStoreObject in workerd: each claim is a
// separate request to the Worker, whose store sends it to the key's Durable Object.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { ReplayStore } from '@fingerprint-guard/core';
import { replayStoreConformance } from '@fingerprint-guard/testing/vitest';
import { generateKey } from '@fingerprint-guard/testing';
import { startWorkerd, type Workerd } from './workerd.js';

let workerd: Workerd;
beforeAll(async () => {
  workerd = await startWorkerd({ FP_SEALED_KEY: generateKey() });
}, 60_000);
afterAll(() => workerd.dispose());

/** The store in the Worker, driven from here: every call is one request to the Worker. */
function storeInWorkerd(shards?: number): ReplayStore {
  const prefix = `test-${randomUUID()}:`;
  const call = async (body: object) => {
    const [status, answer] = await workerd.post('/store', { prefix, shards, ...body });
    if (status !== 200) throw new Error(answer.error);
    return answer;
  };
  return {
    windowMs: 900_000,
    claim: async (key, expiresAtMs) => (await call({ op: 'claim', key, expiresAtMs })).claimed,
    release: async (key) => void (await call({ op: 'release', key })),
    close: async () => void (await call({ op: 'close' })),
  } as ReplayStore;
}

replayStoreConformance('Durable Objects (16 shards, in workerd)', () => storeInWorkerd(), { keyCount: 1_000 });
replayStoreConformance('Durable Objects (1 shard, in workerd)', () => storeInWorkerd(1), { keyCount: 1_000 });
