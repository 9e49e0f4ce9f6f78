// One benchmark server, in its own process, on @hono/node-server: `hello`, `guard` or `floor` (argv[2]). Prints its port.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createDecipheriv } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
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
} else {
  // The least any unsealing server does: sync decrypt + inflate + parse and a Map, no checks at all.
  const seen = new Map<string, number>();
  const keyBytes = Buffer.from(key, 'base64');
  app.post('/login', (c) => {
    const bytes = Buffer.from(String(c.req.header('fingerprint-sealed-result')), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(4, 16), { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
    const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
    if (seen.has(event.event_id)) return c.json({ error: 'replayed' }, 409);
    seen.set(event.event_id, event.timestamp);
    return c.json({ ok: true, visitor: event.identification?.visitor_id });
  });
}

// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`${info.port}\n`));
