// Starts the Fastify example: `node src/server.js`. Same environment variables as the Express example, plus FP_WEBHOOK_SECRET.
import { createClient } from 'redis';
import { MemoryReplayStore } from '@fingerprint-guard/fastify';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { createFakeCside, generateKey } from '@fingerprint-guard/testing';
import { createApp } from './app.js';

const env = process.env;
if (env.NODE_ENV === 'production' && !env.FP_SEALED_KEYS) throw new Error('FP_SEALED_KEYS is required in production.');
// Real keys, and no simulator; or a development key made now, which only the simulator seals with.
const realKeys = env.FP_SEALED_KEYS?.split(',').map((key) => key.trim());
const simulatorKey = realKeys ? undefined : generateKey();
const redis = env.REDIS_URL
  ? await createClient({ url: env.REDIS_URL })
      .on('error', (e) => console.error('redis:', e.message))
      .connect()
  : undefined;
const fakeCside = env.CSIDE_API_KEY ? undefined : await createFakeCside();

const app = await createApp({
  sealedKeys: realKeys ?? [simulatorKey],
  simulatorKey,
  store: redis ? createRedisReplayStore({ client: redis }) : new MemoryReplayStore(),
  cside: fakeCside
    ? { apiKey: fakeCside.apiKey, baseUrl: fakeCside.url }
    : { apiKey: env.CSIDE_API_KEY, baseUrl: env.CSIDE_BASE_URL },
  webhookSecret: env.FP_WEBHOOK_SECRET,
  onWebhook: (event) => console.log('webhook event', event.event_id),
});
await app.listen({ port: Number(env.PORT ?? 3002), host: '127.0.0.1' });
console.log(
  `Fastify example: http://127.0.0.1:${app.server.address().port}/ (cside: ${fakeCside ? `fake at ${fakeCside.url}` : 'real'})`,
);
