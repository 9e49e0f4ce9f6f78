// Starts the Koa example: `node src/server.js`. Same environment variables as the Express example.
import { createClient } from 'redis';
import { MemoryReplayStore } from '@fingerprint-guard/koa';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { createFakeCside } from '@fingerprint-guard/testing';
import { createApp, DEV_SEALED_KEY } from './app.js';

const env = process.env;
const production = env.NODE_ENV === 'production';
const redis = env.REDIS_URL ? await createClient({ url: env.REDIS_URL }).on('error', (e) => console.error('redis:', e.message)).connect() : undefined;
const fakeCside = env.CSIDE_API_KEY ? undefined : await createFakeCside();

const app = createApp({
  production,
  sealedKeys: env.FP_SEALED_KEYS ? env.FP_SEALED_KEYS.split(',') : [DEV_SEALED_KEY],
  store: redis ? createRedisReplayStore({ client: redis }) : new MemoryReplayStore(),
  cside: fakeCside ? { apiKey: fakeCside.apiKey, baseUrl: fakeCside.url } : { apiKey: env.CSIDE_API_KEY, baseUrl: env.CSIDE_BASE_URL },
});
const server = app.listen(Number(env.PORT ?? 3001), '127.0.0.1', () => {
  console.log(`Koa example: http://127.0.0.1:${server.address().port}/ (cside: ${fakeCside ? `fake at ${fakeCside.url}` : 'real'})`);
});
