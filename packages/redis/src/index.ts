/** @fingerprint-guard/redis: a replay store shared by every instance of your app. */
export { createRedisReplayStore } from './store.js';
export type { RedisReplayStoreOptions } from './store.js';
export type { RedisClientLike, SendCommand } from './client.js';
