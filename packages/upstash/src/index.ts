/** @fingerprint-guard/upstash: a replay store on Upstash Redis (or Vercel KV) over HTTP, for every runtime. */
export { createUpstashReplayStore } from './store.js';
export type { UpstashReplayStore, UpstashReplayStoreOptions } from './store.js';
export { upstashConfigFromEnv } from './env.js';
export type { EnvLike } from './env.js';
export type { UpstashRedisLike } from './client.js';
