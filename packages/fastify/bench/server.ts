// One benchmark server, in its own process: `hello`, `guard` or `floor` (argv[2]). Prints its port.
import fastify from 'fastify';
import { createDecipheriv } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
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
} else {
  // The least any unsealing server does: sync decrypt + inflate + parse and a Map, no checks at all.
  const seen = new Map<string, number>();
  const keyBytes = Buffer.from(key, 'base64');
  app.post('/login', async (request, reply) => {
    const bytes = Buffer.from(String(request.headers['fingerprint-sealed-result']), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(4, 16), { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
    const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
    if (seen.has(event.event_id)) return reply.code(409).send({ error: 'replayed' });
    seen.set(event.event_id, event.timestamp);
    return { ok: true, visitor: event.identification?.visitor_id };
  });
}

// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));

await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${(app.server.address() as { port: number }).port}\n`);
