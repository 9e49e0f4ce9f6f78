// One benchmark server, in its own process, on @hono/node-server: `hello`, `guard`, `floor` or `floor-mw` (argv[2]). Prints its port.
import { serve } from '@hono/node-server';
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { Hono } from 'hono';
import { fingerprintGuard } from '../src/index.js';

const variant = process.argv[2];
const key = process.env.BENCH_SEALED_KEY!;
const app = new Hono();

if (variant === 'hello') {
  app.post('/login', (c) => c.json({ ok: true }));
} else if (variant === 'guard') {
  app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (c) =>
    c.json({ ok: true, visitor: c.get('fingerprint').visitorId }),
  );
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

// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`${info.port}\n`));
