// The benchmark apps on @hono/node-server: `hello`, `guard`, `core-mw`, `floor` or `floor-mw`, each an HTTP server not
// yet listening (bench/server.ts serves one; bench:inproc drives them without TCP). The guard is the built
// package, as installed.
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { createFingerprintGuard, type Fingerprint } from '@fingerprint-guard/core';
import { decideOrRefuseNow, isPromiseLike } from '@fingerprint-guard/core/adapter';
import { fingerprintGuard } from '@fingerprint-guard/hono';
import { type Context, Hono } from 'hono';

export function createBenchServer(variant: string, key: string): Server {
  const app = new Hono();
  if (variant === 'hello') {
    app.post('/login', (c) => c.json({ ok: true }));
  } else if (variant === 'guard') {
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (c) =>
      c.json({ ok: true, visitor: c.get('fingerprint').visitorId }),
    );
  } else if (variant === 'core-mw') {
    // Core's engine called from a middleware of our own, for telling what core costs inside Hono
    // from what the adapter adds to it (VARIANTS=floor-mw,core-mw,guard).
    const engine = createFingerprintGuard<Context>({ fingerprint: { keys: [key] } });
    const guarded = new Hono<{ Variables: { fingerprint: Fingerprint } }>();
    guarded.post(
      '/login',
      async (c, next) => {
        const { headers, method } = c.req.raw;
        const decided = decideOrRefuseNow(engine, c, { headers, route: '/login', method });
        if (isPromiseLike(decided) || !decided.allowed) return c.body(null, 500);
        c.set('fingerprint', decided.fingerprint!);
        await next();
      },
      (c) => c.json({ ok: true, visitor: c.get('fingerprint').visitorId }),
    );
    app.route('/', guarded);
  } else if (variant === 'floor') {
    // The least any unsealing server does, in the handler: sync decrypt + inflate + parse and a Map, no checks at all.
    const unseal = createBareUnseal(key);
    app.post('/login', (c) => {
      const read = unseal(c.req.header('fingerprint-sealed-result'));
      if (!read) return c.json({ error: 'replayed' }, 409);
      return c.json({ ok: true, visitor: read.visitorId });
    });
  } else {
    // `floor-mw`: the same floor where the guard runs, a middleware before the handler.
    const unseal = createBareUnseal(key);
    const floor = new Hono<{ Variables: { visitor: string | undefined } }>();
    floor.post(
      '/login',
      async (c, next) => {
        const read = unseal(c.req.header('fingerprint-sealed-result'));
        if (!read) return c.json({ error: 'replayed' }, 409);
        c.set('visitor', read.visitorId);
        await next();
      },
      (c) => c.json({ ok: true, visitor: c.get('visitor') }),
    );
    app.route('/', floor);
  }
  // What serve() listens with.
  return createAdaptorServer({ fetch: app.fetch }) as Server;
}
