// One benchmark server, in its own process: `hello`, `guard` or `floor` (argv[2]). Prints its port.
import Koa from 'koa';
import { createDecipheriv } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { fingerprintGuard } from '../src/index.js';

const variant = process.argv[2];
const key = process.env.BENCH_SEALED_KEY!;
const app = new Koa();
if (variant === 'guard') {
  app.use(fingerprintGuard({ fingerprint: { keys: [key] } }));
} else if (variant === 'floor') {
  // The least any unsealing server does: sync decrypt + inflate + parse and a Map, no checks at all.
  const seen = new Map<string, number>();
  const keyBytes = Buffer.from(key, 'base64');
  app.use(async (ctx, next) => {
    const bytes = Buffer.from(String(ctx.get('fingerprint-sealed-result')), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(4, 16), { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
    const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
    if (seen.has(event.event_id)) {
      ctx.status = 409;
      return;
    }
    seen.set(event.event_id, event.timestamp);
    ctx.state.visitor = event.identification?.visitor_id;
    await next();
  });
}
app.use((ctx) => {
  ctx.body = { ok: true, visitor: ctx.state.fingerprint?.visitorId ?? ctx.state.visitor };
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
