// The test Worker: the built package as a user's Worker bundles it, with routes that drive its
// store and objects from outside, and Hono guards on the Durable Object store and on memory.
import { Hono } from 'hono';
import { fingerprintGuard } from '@fingerprint-guard/hono';
import {
  createDurableObjectReplayStore,
  ReplayStoreObject,
  type DurableObjectNamespaceLike,
  type DurableObjectReplayStore,
  type DurableObjectStateLike,
} from '@fingerprint-guard/cloudflare';

export { ReplayStoreObject };

/** Deletes rows as soon as they expire, and counts them: for the cleanup test. */
export class InspectableReplayStoreObject extends ReplayStoreObject {
  protected override readonly cleanupGraceMs = 0;
  readonly #state: DurableObjectStateLike;
  constructor(state: DurableObjectStateLike, env: unknown) {
    super(state, env);
    this.#state = state;
  }
  override async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname !== '/rows') return super.fetch(request);
    const rows = this.#state.storage.sql.exec('SELECT key FROM fpg_replay_claims').toArray();
    return Response.json({ rows: rows.length, alarm: await this.#state.storage.getAlarm() });
  }
}

/** ReplayStoreObject, declared without SQLite storage (a class's storage kind is per class). */
export class NoSqlReplayStoreObject extends ReplayStoreObject {}

/** A broken object: throws on every request. */
export class ThrowingObject {
  async fetch(): Promise<Response> {
    throw new Error('storage exploded');
  }
}

export interface Env {
  REPLAY_STORE: DurableObjectNamespaceLike;
  INSPECTABLE: DurableObjectNamespaceLike;
  THROWING: DurableObjectNamespaceLike;
  /** ReplayStoreObject declared without SQLite storage. */
  NO_SQL: DurableObjectNamespaceLike;
  FP_SEALED_KEY: string;
}

interface StoreCall {
  namespace?: 'REPLAY_STORE' | 'INSPECTABLE' | 'THROWING' | 'NO_SQL';
  prefix: string;
  shards?: number;
  op: 'claim' | 'release' | 'close';
  key?: string;
  expiresAtMs?: number;
}

/** Stores live as long as the isolate, one per namespace and prefix, as a Worker keeps its guard's store. */
const stores = new Map<string, DurableObjectReplayStore>();

async function storeCall(env: Env, call: StoreCall): Promise<Response> {
  const name = call.namespace ?? 'REPLAY_STORE';
  const id = `${name}/${call.prefix}/${call.shards ?? ''}`;
  let store = stores.get(id);
  if (!store) {
    store = createDurableObjectReplayStore({
      namespace: env[name],
      prefix: call.prefix,
      shards: call.shards,
      timeout: '2s',
    });
    stores.set(id, store);
  }
  try {
    if (call.op === 'claim') return Response.json({ claimed: await store.claim(call.key!, call.expiresAtMs!) });
    if (call.op === 'release') return Response.json({ released: await store.release(call.key!) });
    store.close();
    return Response.json({ closed: true });
  } catch (error) {
    return Response.json({ error: (error as Error).message, code: (error as { code?: string }).code }, { status: 503 });
  }
}

let app: Hono | undefined;
const createApp = (env: Env) =>
  new Hono()
    .post('/store', async (c) => storeCall(env, await c.req.json()))
    // A message sent to an object as is: for the clock and protocol tests.
    .post('/raw/:name/:op', async (c) => {
      const namespace = env[c.req.param('name') as 'INSPECTABLE'];
      const stub = namespace.get(namespace.idFromName(c.req.query('object') ?? 'raw'));
      return stub.fetch(`https://object/${c.req.param('op')}`, { method: 'POST', body: await c.req.text() });
    })
    .post(
      '/login',
      fingerprintGuard({
        fingerprint: { keys: [env.FP_SEALED_KEY] },
        replay: { store: createDurableObjectReplayStore({ namespace: env.REPLAY_STORE, prefix: 'login:' }) },
      }),
      (c) => c.json({ eventId: c.get('fingerprint').eventId }),
    )
    .post('/login-memory', fingerprintGuard({ fingerprint: { keys: [env.FP_SEALED_KEY] } }), (c) =>
      c.json({ eventId: c.get('fingerprint').eventId }),
    )
    .post(
      '/login-broken',
      fingerprintGuard({
        fingerprint: { keys: [env.FP_SEALED_KEY] },
        replay: { store: createDurableObjectReplayStore({ namespace: env.THROWING }) },
      }),
      (c) => c.json({ eventId: c.get('fingerprint').eventId }),
    );

export default {
  fetch(request: Request, env: Env) {
    app ??= createApp(env);
    return app.fetch(request, env);
  },
};
