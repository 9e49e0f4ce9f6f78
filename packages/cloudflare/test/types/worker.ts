// A Worker typed as users type theirs, with @cloudflare/workers-types (no DOM lib): its real
// DurableObjectNamespace and DurableObjectState must fit the package's structural types.
import { Hono } from 'hono';
import { fingerprintGuard } from '@fingerprint-guard/hono';
import { createDurableObjectReplayStore, ReplayStoreObject } from '@fingerprint-guard/cloudflare';

export { ReplayStoreObject };

interface Env {
  // Without a type argument: ReplayStoreObject is called over fetch, not RPC.
  REPLAY_STORE: DurableObjectNamespace;
  FP_SEALED_KEY: string;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const store = createDurableObjectReplayStore({ namespace: env.REPLAY_STORE, shards: 8 });
    const app = new Hono<{ Bindings: Env }>().post(
      '/login',
      fingerprintGuard({ fingerprint: { keys: [env.FP_SEALED_KEY] }, replay: { store } }),
      (c) => c.json({ visitorId: c.get('fingerprint').visitorId }),
    );
    return app.fetch(request, env, ctx);
  },
};

/** The runtime constructs the class with its own state type. */
export const construct = (state: DurableObjectState, env: Env) => new ReplayStoreObject(state, env);
