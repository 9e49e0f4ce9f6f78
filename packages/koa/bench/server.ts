// One benchmark server, in its own process: `hello`, `guard`, `floor` or `floor-mw` (the same here) (argv[2]). Prints its port.
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { fingerprintGuard } from '../src/index.js';

const variant = process.argv[2];
const key = process.env.BENCH_SEALED_KEY!;
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
// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));

const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
