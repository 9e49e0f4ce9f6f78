// A Hono app on Cloudflare Workers: the login accepts each identification once across every
// isolate of the Worker, because its replay store is a Durable Object, not the isolate's memory.
import { Hono } from 'hono';
import { fingerprintGuard } from '@fingerprint-guard/hono';
import { createDurableObjectReplayStore } from '@fingerprint-guard/cloudflare';

// The Durable Object class the REPLAY_STORE binding names (wrangler.jsonc): export it from the Worker.
export { ReplayStoreObject } from '@fingerprint-guard/cloudflare';

export interface Env {
  REPLAY_STORE: DurableObjectNamespace;
  /** The dashboard's sealed-results key(s), comma-separated, new key first during a rotation (a secret). */
  FP_SEALED_KEYS: string;
}

function createApp(env: Env) {
  return new Hono<{ Bindings: Env }>().post(
    '/api/login',
    fingerprintGuard({
      fingerprint: { keys: env.FP_SEALED_KEYS.split(',') },
      maxAge: '2m',
      deny: { bot: true, tampering: true },
      replay: { store: createDurableObjectReplayStore({ namespace: env.REPLAY_STORE }) },
    }),
    (c) => c.json({ visitorId: c.get('fingerprint').visitorId, eventId: c.get('fingerprint').eventId }),
  );
}

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request, env, ctx) {
    // Built at the first request, from the Worker's environment; then kept for the isolate's life.
    app ??= createApp(env);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
