/** The stores the webhook attacks run on besides a fresh memory store: a shared one for restarts, and broken ones. */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { MemoryReplayStore, type ReplayStore } from '@fingerprint-guard/core';
import { createRedisReplayStore } from '@fingerprint-guard/redis';

/** Stores that cannot claim: each must make a delivery a JSON 503 without running the handler. */
export function brokenStores(): Array<[string, ReplayStore]> {
  const full = new MemoryReplayStore({ maxEntries: 1 });
  full.claim('occupied', Date.now() + 3_600_000);
  const closed = new MemoryReplayStore();
  closed.close();
  const throwing: ReplayStore = {
    claim: () => {
      throw new Error('sync failure');
    },
  };
  return [
    ['a store that throws', throwing],
    ['a store that rejects', { claim: () => Promise.reject(new Error('connection refused')) }],
    ['a full memory store', full],
    ['a closed memory store', closed],
  ];
}

/** Redis when it answers (what "shared" means in production), else one memory store both apps use. */
export async function sharedStore(
  redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
): Promise<{ name: string; store: ReplayStore; close(): Promise<void> }> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 1_000, reconnectStrategy: false } }).on(
    'error',
    () => {},
  );
  try {
    await client.connect();
    return {
      name: 'Redis',
      store: createRedisReplayStore({ client, prefix: `fpg:webhook-retry:${randomUUID()}:` }),
      close: async () => void (await client.quit()),
    };
  } catch {
    return {
      name: 'one memory store for both apps: Redis did not answer',
      store: new MemoryReplayStore(),
      close: async () => {},
    };
  }
}
