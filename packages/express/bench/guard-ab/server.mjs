// One server for client.mjs: VARIANT=floor (bare AES-GCM decipher + inflateRawSync + JSON.parse and a Map in the
// handler), floor-mw (the same as a middleware before the handler, as a guard is), or the guard.
import { createDecipheriv } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import express from 'express';
import { fingerprintGuard } from '../../dist/index.js';
const key = process.env.BENCH_SEALED_KEY;
const app = express();
app.get('/cpu', (_req, res) => res.json(process.cpuUsage()));
const seen = new Map();
const keyBytes = Buffer.from(key, 'base64');
function bareUnseal(req) {
  const bytes = Buffer.from(String(req.headers['fingerprint-sealed-result']), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(4, 16), { authTagLength: 16 });
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
  const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
  if (seen.has(event.event_id)) return undefined;
  seen.set(event.event_id, event.timestamp);
  return event;
}
if (process.env.VARIANT === 'floor') {
  app.post('/login', (req, res) => {
    const event = bareUnseal(req);
    if (!event) return res.status(409).json({ error: 'replayed' });
    res.json({ ok: true, visitor: event.identification?.visitor_id });
  });
} else if (process.env.VARIANT === 'floor-mw') {
  app.post(
    '/login',
    (req, res, next) => {
      req.event = bareUnseal(req);
      if (!req.event) return res.status(409).json({ error: 'replayed' });
      next();
    },
    (req, res) => res.json({ ok: true, visitor: req.event.identification?.visitor_id }),
  );
} else {
  app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (req, res) => {
    res.json({ ok: true, visitor: req.fingerprint.visitorId });
  });
}
process.on('SIGINT', () => process.exit(0));
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
