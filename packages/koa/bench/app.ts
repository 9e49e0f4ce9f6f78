// The benchmark apps: `hello`, `guard`, `floor` or `floor-mw` (the same here), each an HTTP server not yet
// listening (bench/server.ts serves one; bench:inproc drives them without TCP). The guard is the built
// package, as installed.
import { createServer, type Server } from 'node:http';
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { fingerprintGuard } from '@fingerprint-guard/koa';
import Koa from 'koa';

export function createBenchServer(variant: string, key: string): Server {
  const app = new Koa();
  if (variant === 'guard') {
    app.use(fingerprintGuard({ fingerprint: { keys: [key] } }));
  } else if (variant === 'floor' || variant === 'floor-mw') {
    // The least any unsealing server does, as a middleware where the guard runs (Koa has no other
    // place): sync decrypt + inflate + parse and a Map, no checks at all.
    const unseal = createBareUnseal(key);
    app.use(async (ctx, next) => {
      const read = unseal(ctx.get('fingerprint-sealed-result'));
      if (!read) {
        ctx.status = 409;
        return;
      }
      ctx.state.visitor = read.visitorId;
      await next();
    });
  }
  app.use((ctx) => {
    ctx.body = { ok: true, visitor: ctx.state.fingerprint?.visitorId ?? ctx.state.visitor };
  });
  return createServer(app.callback());
}
