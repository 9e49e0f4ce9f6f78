// What users write with the Hono adapter, type-checked: the middleware types c.get('fingerprint').
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import {
  fingerprintGuard,
  fingerprintWebhook,
  type Fingerprint,
  type FingerprintEnv,
  type FingerprintEvent,
  type FingerprintWebhookEvent,
} from '../src/index.js';

// Checked by `tsc` (pnpm typecheck); at run time these only have to load. No casts: this is what users write.
const keys = [generateKey()];

describe('types', () => {
  it('fingerprintGuard() is a MiddlewareHandler carrying the fingerprint variable', () => {
    expectTypeOf(fingerprintGuard({ fingerprint: { keys } })).toEqualTypeOf<MiddlewareHandler<FingerprintEnv>>();
  });

  it('c.get(’fingerprint’) is a Fingerprint in the routes the middleware types', () => {
    const app = new Hono().post('/login', fingerprintGuard({ fingerprint: { keys } }), (c) => {
      expectTypeOf(c.get('fingerprint')).toEqualTypeOf<Fingerprint>();
      expectTypeOf(c.var.fingerprint).toEqualTypeOf<Fingerprint>();
      return c.json({ visitorId: c.get('fingerprint').visitorId });
    });
    const typed = new Hono<FingerprintEnv>();
    typed.use(fingerprintGuard({ fingerprint: { keys } }));
    typed.post('/checkout', (c) => c.text(c.get('fingerprint').eventId));
    const chained = new Hono()
      .use(fingerprintGuard({ fingerprint: { keys } }))
      .post('/chained', (c) => c.text(c.get('fingerprint').eventId));
    void [app, chained];
  });

  it('elsewhere it may be undefined, and in monitor mode too', () => {
    const app = new Hono();
    app.post('/anywhere', (c) => {
      expectTypeOf(c.get('fingerprint')).toEqualTypeOf<Fingerprint | undefined>();
      return c.text(c.get('fingerprint')?.eventId ?? 'none');
    });
    app.post('/monitored', fingerprintGuard({ fingerprint: { keys }, mode: 'monitor' }), (c) => {
      expectTypeOf(c.get('fingerprint')).toEqualTypeOf<Fingerprint | undefined>();
      return c.text('ok');
    });
  });

  it('the webhook event is typed, and callbacks receive the Context', () => {
    new Hono().post('/webhooks/fingerprint', fingerprintWebhook({ secret: 'whsec' }), (c) => {
      // The event as Fingerprint sent it, with its format: still a FingerprintEvent for v4 code.
      expectTypeOf(c.get('fingerprintWebhookEvent')).toEqualTypeOf<FingerprintWebhookEvent>();
      expectTypeOf(c.get('fingerprintWebhookEvent')).toMatchTypeOf<FingerprintEvent>();
      return c.body(null, 204);
    });
    fingerprintGuard({
      fingerprint: { keys },
      clientIp: (c) => {
        expectTypeOf(c).toEqualTypeOf<Context>();
        return c.req.header('x-real-ip');
      },
      check: (fingerprint, c) => fingerprint.provider === 'fingerprint' && c.req.method === 'POST',
    });
  });
});
