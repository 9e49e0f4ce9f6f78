// Runs inside a Web runtime (workerd, edge-runtime): a tiny Hono app behind the guard and the
// webhook middleware, built on the first request from the worker's environment, as a Worker would.
import { Hono } from 'hono';
import { fingerprintGuard, fingerprintWebhook, ipFrom } from '@fingerprint-guard/hono';

export interface RuntimeEnv {
  FP_SEALED_KEY: string;
  FP_WEBHOOK_SECRET: string;
}

export function createApp(env: RuntimeEnv) {
  return (
    new Hono()
      .post('/login', fingerprintGuard({ fingerprint: { keys: [env.FP_SEALED_KEY] }, logger: console }), (c) =>
        c.json({ visitorId: c.get('fingerprint').visitorId, eventId: c.get('fingerprint').eventId }),
      )
      // bind.ip from CF-Connecting-IP: trusted on workerd, where every request came through Cloudflare's edge.
      .post(
        '/bound-login',
        fingerprintGuard({
          fingerprint: { keys: [env.FP_SEALED_KEY] },
          bind: { ip: true },
          clientIp: ipFrom.cloudflare(),
          logger: console,
        }),
        (c) => c.json({ eventId: c.get('fingerprint').eventId }),
      )
      .post('/webhooks/fingerprint', fingerprintWebhook({ secret: env.FP_WEBHOOK_SECRET }), (c) =>
        c.json({ received: c.get('fingerprintWebhookEvent').event_id }, 201),
      )
  );
}

let app: ReturnType<typeof createApp> | undefined;

/** The module-worker entry point: `export default { fetch }`. */
export default {
  fetch(request: Request, env: RuntimeEnv) {
    app ??= createApp(env);
    return app.fetch(request, env);
  },
};
