// How many claims a second each replay store sustains at the default 15-minute window before it
// refuses: the memory store (bounded by its default maxEntries), Redis and PostgreSQL (bounded by
// throughput here, and by the memory or disk each key takes). Rounds interleaved, medians and
// spread, load average recorded. Writes bench/STORE-CAPACITY.md.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { MemoryReplayStore, type ReplayStore } from '@fingerprint-guard/core';
import { createPostgresReplayStore } from '@fingerprint-guard/postgres';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import pg from 'pg';
import { createClient } from 'redis';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 20_000);
const CONCURRENCY = 50;
const WINDOW_S = 900;

const loadBefore = loadavg();
const run = `${process.pid}_${Date.now().toString(36)}`;
const redis = await createClient({ url: REDIS_URL })
  .on('error', () => {})
  .connect();
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: CONCURRENCY });
const table = `fpg_capacity_${run}`;
const redisPrefix = `fpg:capacity:${run}:`;
const postgresStore = createPostgresReplayStore({ client: pool, table, timeout: '30s' });
await postgresStore.createSchema();
const redisStore = createRedisReplayStore({ client: redis, prefix: redisPrefix });

/** A key shaped like the guard's (event timestamp and request id). */
const keyOf = (round: number, i: number) => `${1733369000000 + round}.${run}-${i.toString(36).padStart(6, '0')}`;

/** Claims/s through `store` at `CONCURRENCY`, with the default window's expiry; refusals counted. */
async function claimsPerSecond(store: ReplayStore, round: number): Promise<{ rate: number; refused: number }> {
  const expiresAt = Date.now() + WINDOW_S * 1000;
  let next = 0;
  let refused = 0;
  const worker = async () => {
    while (next < CLAIMS) {
      try {
        if (!(await store.claim(keyOf(round, next++), expiresAt))) refused++;
      } catch {
        refused++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rate: CLAIMS / ((performance.now() - started) / 1000), refused };
}

/** The default memory store, filled until it refuses: how many keys, and at what rate. */
function fillMemory(): { held: number; rate: number } {
  const store = new MemoryReplayStore({ opentelemetry: false, logger: { warn() {}, error() {} } });
  const expiresAt = Date.now() + WINDOW_S * 1000;
  const started = performance.now();
  let held = 0;
  try {
    for (;;) if (store.claim(keyOf(-1, held), expiresAt)) held++;
  } catch {
    // full: the claim past maxEntries is refused
  }
  return { held, rate: held / ((performance.now() - started) / 1000) };
}

const results = { memory: [] as number[], memoryHeld: [] as number[], redis: [] as number[], postgres: [] as number[] };
let refusedByShared = 0;
const redisBytesBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
for (let round = 0; round < ROUNDS; round++) {
  const memory = fillMemory();
  results.memory.push(memory.rate);
  results.memoryHeld.push(memory.held);
  const onRedis = await claimsPerSecond(redisStore, round);
  const onPostgres = await claimsPerSecond(postgresStore, round);
  results.redis.push(onRedis.rate);
  results.postgres.push(onPostgres.rate);
  refusedByShared += onRedis.refused + onPostgres.refused;
  console.log(`round ${round + 1}/${ROUNDS}`, memory, onRedis, onPostgres);
}
const redisBytesPerKey =
  (Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]) - redisBytesBefore) / (ROUNDS * CLAIMS);
const { rows } = await pool.query<{ bytes: string }>('SELECT pg_total_relation_size($1) AS bytes', [table]);
const postgresBytesPerRow = Number(rows[0]!.bytes) / (ROUNDS * CLAIMS);
const loadAfter = loadavg();

// Clean up: the keys would otherwise live out the window.
for await (const keys of redis.scanIterator({ MATCH: `${redisPrefix}*`, COUNT: 1000 }))
  if (keys.length > 0) await redis.unlink(keys);
await pool.query(`DROP TABLE IF EXISTS "${table}"`);
await redis.quit();
await pool.end();

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `${fmt(sorted(values)[0]!)}–${fmt(sorted(values).at(-1)!)}`;
const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;
const held = median(results.memoryHeld);
const memoryStored = `${fmt(held)} keys (default \`claimsPerSecond\` 250 × 900 s)`;
const keyBudget = (rate: number, bytes: number) => mb(rate * WINDOW_S * bytes);

const text = `# Replay store capacity at the default window

Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model.trim()} (${cpus().length} cores), load average
${loadBefore.map((n) => n.toFixed(1)).join(', ')} (1, 5, 15 min) before and ${loadAfter.map((n) => n.toFixed(1)).join(', ')} after: the machine is shared
with other jobs, and its load is part of the figures. ${ROUNDS} rounds, the stores interleaved in each round
(memory fill, Redis, PostgreSQL); medians, with the spread of the rounds. Reproduce:
\`pnpm --filter @fingerprint-guard/reliability exec tsx bench/store-capacity.bench.ts\`.

Each claim is a new key expiring at the default window (15 minutes); Redis (${REDIS_URL.replace(/\/\/.*@/, '//')}, \`maxmemory 0\`)
and PostgreSQL (logged table, \`pg\` pool of ${CONCURRENCY}) take ${fmt(CLAIMS)} claims a round from ${CONCURRENCY} concurrent
callers in one process; the memory store is filled from empty until it refuses.

| store | refuses when | claims/s it takes (median, spread) | claims/s it holds at the default window | what a key costs |
|---|---|---:|---:|---|
| memory (default) | ${memoryStored} are held | ${fmt(median(results.memory))} (${spread(results.memory)}) until full | **250** (\`maxEntries\` / 900 s); more with \`claimsPerSecond\` | ~126–200 B of heap: 250/s ≈ ${mb(250 * WINDOW_S * 126)}–${mb(250 * WINDOW_S * 200)} |
| Redis | its \`maxmemory\` is reached (\`noeviction\`), never here | ${fmt(median(results.redis))} (${spread(results.redis)}) | **${fmt(median(results.redis))}**, from one process | ${fmt(redisBytesPerKey)} B of Redis memory: ${fmt(median(results.redis))}/s for 900 s ≈ ${keyBudget(median(results.redis), redisBytesPerKey)} |
| PostgreSQL | the disk is full, never here | ${fmt(median(results.postgres))} (${spread(results.postgres)}) | **${fmt(median(results.postgres))}**, from one process | ${fmt(postgresBytesPerRow)} B of table and index: ${fmt(median(results.postgres))}/s for 900 s ≈ ${keyBudget(median(results.postgres), postgresBytesPerRow)} |

Claims refused by Redis or PostgreSQL in the runs: ${refusedByShared}. The memory store is the only one
with a cliff of its own: past \`claimsPerSecond\` × window it refuses (503), logging a \`store-full\` warning
at most once a minute and counting \`fingerprint_guard.store_full\`. The shared stores are bounded by how fast
they answer (these figures: one client process, on a 2-core machine shared with the benchmark itself) and by
the memory or disk a window of keys takes. The Redis and PostgreSQL rates are their throughput over
rounds of ${fmt(CLAIMS)} claims, not a 15-minute run: at those rates a whole window holds the memory or disk in
the last column, and the store refuses only when that runs out (Redis at \`maxmemory\` with \`noeviction\`).
`;
writeFileSync(new URL('./STORE-CAPACITY.md', import.meta.url), text);
console.log(text);
