// An outside Hono 4 app on Node whose replay store is Upstash, over @upstash/redis from the registry.
import { serve } from '@hono/node-server';
import { Redis } from '@upstash/redis';
import { Hono } from 'hono';
import { fingerprintGuard } from '@fingerprint-guard/hono';
import { createUpstashReplayStore, upstashConfigFromEnv } from '@fingerprint-guard/upstash';

const store = createUpstashReplayStore({ client: new Redis(upstashConfigFromEnv()), prefix: process.env.PREFIX });
const app = new Hono().post(
  '/login',
  fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY] }, replay: { store } }),
  (c) => c.json({ visitorId: c.get('fingerprint').visitorId }),
);
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(info.port));
