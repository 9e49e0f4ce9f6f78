// One benchmark server, in its own process: `hello`, `guard`, `floor` or `floor-mw` (argv[2]). Prints its port.
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import fastify from 'fastify';
import { fingerprintGuard } from '../src/index.js';

const variant = process.argv[2];
const key = process.env.BENCH_SEALED_KEY!;
const app = fastify();

if (variant === 'hello') {
  app.post('/login', async () => ({ ok: true }));
} else if (variant === 'guard') {
  app.post('/login', { preHandler: fingerprintGuard({ fingerprint: { keys: [key] } }) }, async (request) => ({
    ok: true,
    visitor: request.fingerprint?.visitorId,
  }));
} else if (variant === 'floor') {
  // The least any unsealing server does, in the handler: sync decrypt + inflate + parse and a Map, no checks at all.
  const unseal = createBareUnseal(key);
  app.post('/login', async (request, reply) => {
    const read = unseal(request.headers['fingerprint-sealed-result']);
    if (!read) return reply.code(409).send({ error: 'replayed' });
    return { ok: true, visitor: read.visitorId };
  });
} else {
  // `floor-mw`: the same floor where the guard runs, a preHandler hook.
  const unseal = createBareUnseal(key);
  const visitors = new WeakMap<object, string | undefined>();
  app.post(
    '/login',
    {
      preHandler: async (request, reply) => {
        const read = unseal(request.headers['fingerprint-sealed-result']);
        if (!read) return reply.code(409).send({ error: 'replayed' });
        visitors.set(request, read.visitorId);
      },
    },
    async (request) => ({ ok: true, visitor: visitors.get(request) }),
  );
}

// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));

await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${(app.server.address() as { port: number }).port}\n`);
