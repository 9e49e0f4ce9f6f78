// Two Workers in one workerd (miniflare 4), each its own isolate, the second using the first's
// Durable Object classes, as two Workers of one account would.
import { Miniflare } from 'miniflare';
import type { DurableObjectNamespaceLike } from '../src/index.js';
import { bundleWorker } from './worker/bundle.js';

export interface Workerd {
  /** POSTs `body` as JSON to `path` on Worker `a` (default) or `b`; resolves [status, JSON]. */
  post(
    path: string,
    body?: unknown,
    options?: { worker?: 'a' | 'b'; headers?: Record<string, string> },
  ): Promise<[number, any]>;
  /** A namespace binding of Worker `a`, proxied to Node by miniflare. */
  namespace(binding: keyof typeof classes): Promise<DurableObjectNamespaceLike>;
  dispose(): Promise<void>;
}

const classes = {
  REPLAY_STORE: { className: 'ReplayStoreObject', useSQLite: true },
  INSPECTABLE: { className: 'InspectableReplayStoreObject', useSQLite: true },
  THROWING: { className: 'ThrowingObject', useSQLite: true },
  NO_SQL: { className: 'NoSqlReplayStoreObject' },
};

export async function startWorkerd(bindings: Record<string, string>): Promise<Workerd> {
  const script = await bundleWorker();
  const worker = { modules: true, script, compatibilityDate: '2025-04-01', bindings };
  const mf = new Miniflare({
    workers: [
      { name: 'a', ...worker, durableObjects: classes },
      {
        name: 'b',
        ...worker,
        durableObjects: Object.fromEntries(
          Object.entries(classes).map(([name, binding]) => [name, { ...binding, scriptName: 'a' }]),
        ),
      },
    ],
  });
  await mf.ready;
  const workers = { a: await mf.getWorker('a'), b: await mf.getWorker('b') };
  return {
    async post(path, body, options = {}) {
      const response = await workers[options.worker ?? 'a'].fetch(`http://app.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return [response.status, text ? JSON.parse(text) : undefined];
    },
    namespace: async (binding) =>
      (await mf.getDurableObjectNamespace(binding, 'a')) as unknown as DurableObjectNamespaceLike,
    dispose: () => mf.dispose(),
  };
}
