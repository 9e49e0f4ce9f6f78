// The benchmark apps: `hello`, `guard`, `floor` or `floor-mw`, each an HTTP server not yet listening
// (bench/server.ts serves one; bench:inproc drives them without TCP). The guard is the built package, as installed.
import type { Server } from 'node:http';
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { fingerprintGuard } from '@fingerprint-guard/fastify';
import fastify from 'fastify';

export async function createBenchServer(variant: string, key: string): Promise<Server> {
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
  // Ready before anything listens on or drives its server directly.
  await app.ready();
  return app.server;
}
