// An outside Hono 4 app on @hono/node-server, in ESM.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { fingerprintGuard } from '@fingerprint-guard/hono';

const app = new Hono().post('/login', fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY] } }), (c) =>
  c.json({ visitorId: c.get('fingerprint').visitorId }),
);
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(info.port));
