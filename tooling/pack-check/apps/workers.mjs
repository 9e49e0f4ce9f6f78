// An outside Cloudflare Worker: Hono and the Durable Object store from the packed tarballs.
import { Hono } from 'hono';
import { fingerprintGuard } from '@fingerprint-guard/hono';
import { createDurableObjectReplayStore } from '@fingerprint-guard/cloudflare';

export { ReplayStoreObject } from '@fingerprint-guard/cloudflare';

let app;
export default {
  fetch(request, env) {
    app ??= new Hono().post(
      '/login',
      fingerprintGuard({
        fingerprint: { keys: [env.FP_SEALED_KEY] },
        replay: { store: createDurableObjectReplayStore({ namespace: env.REPLAY_STORE }) },
      }),
      (c) => c.json({ visitorId: c.get('fingerprint').visitorId }),
    );
    return app.fetch(request, env);
  },
};
