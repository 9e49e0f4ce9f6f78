// The benchmark Worker: runs claims inside workerd against the memory store and the Durable
// Object store, timing each claim, so that no Node-to-workerd hop is counted.
import { MemoryReplayStore, type ReplayStore } from '@fingerprint-guard/core';
import { createDurableObjectReplayStore, type DurableObjectNamespaceLike } from '@fingerprint-guard/cloudflare';

export { ReplayStoreObject } from '@fingerprint-guard/cloudflare';

interface Run {
  store: 'memory' | 'durable-object';
  shards?: number;
  concurrency: number;
  claims: number;
}

async function run(store: ReplayStore, { concurrency, claims }: Run) {
  const expiresAt = Date.now() + 600_000;
  const latencies: number[] = [];
  const prefix = crypto.randomUUID();
  let next = 0;
  const worker = async () => {
    while (next < claims) {
      const key = `${prefix}.${next++}`;
      const started = performance.now();
      await store.claim(key, expiresAt);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { claimsPerSecond: claims / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

interface Env {
  REPLAY_STORE: DurableObjectNamespaceLike;
}

const newStore = (env: Env, settings: Pick<Run, 'store' | 'shards'>): ReplayStore =>
  settings.store === 'memory'
    ? new MemoryReplayStore({ maxEntries: 2_000_000 })
    : createDurableObjectReplayStore({
        namespace: env.REPLAY_STORE,
        shards: settings.shards,
        prefix: `bench-${crypto.randomUUID()}:`,
        timeout: '10s',
      });

/** For `/claim`: one store per kind for the isolate's life, as a guard keeps its store. */
const kept = new Map<string, ReplayStore>();

export default {
  async fetch(request: Request, env: Env) {
    const url = new URL(request.url);
    if (url.pathname === '/claim') {
      // One claim per request, as a guard makes: timed from outside.
      const settings = {
        store: url.searchParams.get('store') as Run['store'],
        shards: Number(url.searchParams.get('shards') || 16),
      };
      const id = `${settings.store}/${settings.shards}`;
      const store = kept.get(id) ?? newStore(env, settings);
      kept.set(id, store);
      return Response.json({ claimed: await store.claim(url.searchParams.get('key')!, Date.now() + 600_000) });
    }
    const settings = (await request.json()) as Run;
    return Response.json(await run(newStore(env, settings), settings));
  },
};
