import { randomUUID } from 'node:crypto';
import IORedis, { Cluster as IORedisCluster } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { afterAll, beforeAll } from 'vitest';
import { replayStoreConformance } from '@fingerprint-guard/testing/vitest';
import { createRedisReplayStore } from '../src/index.js';
import { REDIS_URL, startCluster } from './redis-servers.js';

// Every client under test, connected once for the file; each store gets a fresh key prefix.
const closers: Array<() => Promise<unknown> | undefined> = [];
let cluster: Awaited<ReturnType<typeof startCluster>>;
const connectRedis6 = (url: string) =>
  createClient({ url })
    .on('error', () => {})
    .connect();
const connectRedis5 = (url: string) =>
  createClient5({ url })
    .on('error', () => {})
    .connect();
const connectRedisCluster = (url: string) =>
  createCluster({ rootNodes: [{ url }] })
    .on('error', () => {})
    .connect();
const clients = {} as {
  redis6: Awaited<ReturnType<typeof connectRedis6>>;
  redis5: Awaited<ReturnType<typeof connectRedis5>>;
  ioredis: IORedis;
  redisCluster: Awaited<ReturnType<typeof connectRedisCluster>>;
  ioredisCluster: IORedisCluster;
};

beforeAll(async () => {
  cluster = await startCluster();
  const rootNode = cluster.nodes[0]!;
  clients.redis6 = await connectRedis6(REDIS_URL);
  clients.redis5 = await connectRedis5(REDIS_URL);
  clients.ioredis = new IORedis(REDIS_URL);
  clients.redisCluster = await connectRedisCluster(rootNode.url);
  clients.ioredisCluster = new IORedisCluster([{ host: '127.0.0.1', port: rootNode.port }]);
  closers.push(
    () => clients.redis6.quit(),
    () => clients.redis5.quit(),
    () => clients.ioredis.quit(),
    () => clients.redisCluster.quit(),
    () => clients.ioredisCluster.quit(),
    () => cluster.stop(),
  );
}, 30_000);

afterAll(async () => {
  for (const close of closers) await close();
});

const prefix = () => `fpg:test:${randomUUID()}:`;

replayStoreConformance('redis 6 (node-redis client)', () =>
  createRedisReplayStore({ client: clients.redis6, prefix: prefix() }),
);
replayStoreConformance('redis 5 (node-redis client)', () =>
  createRedisReplayStore({ client: clients.redis5, prefix: prefix() }),
);
replayStoreConformance('ioredis', () => createRedisReplayStore({ client: clients.ioredis, prefix: prefix() }));
replayStoreConformance('redis 6 cluster (node-redis)', () =>
  createRedisReplayStore({ client: clients.redisCluster, prefix: prefix() }),
);
replayStoreConformance('ioredis Cluster', () =>
  createRedisReplayStore({ client: clients.ioredisCluster, prefix: prefix() }),
);
replayStoreConformance('a sendCommand function', () =>
  createRedisReplayStore({ sendCommand: (args) => clients.redis6.sendCommand(args), prefix: prefix() }),
);
