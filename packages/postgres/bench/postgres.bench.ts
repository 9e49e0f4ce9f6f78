// Claims per second through createPostgresReplayStore (on pg and on postgres.js) vs pgbench
// running the store's own claim statement, and vs the Redis store, at concurrency 1 and 50, in
// one run, rounds interleaved; then the table's size per row. Writes bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import postgres from 'postgres';
import { createClient } from 'redis';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import type { ReplayStore } from '@fingerprint-guard/core';
import { createPostgresReplayStore } from '../src/index.js';
import { statements } from '../src/sql.js';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** Whole seconds: pgbench's -T takes no fraction. */
const SECONDS = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 1)));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONCURRENCY = [1, 50] as const;
/** The stores' time-out here: a throughput run should wait out a stall of the shared machine, not fail. */
const STALL = '30s';

const loadBefore = loadavg()[0]!;
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const tables = { logged: `fpg_bench_${suffix}`, unlogged: `fpg_bench_unlogged_${suffix}` };
type TableKind = keyof typeof tables;
const dropTables = async () => {
  for (const table of Object.values(tables)) await admin.query(`DROP TABLE IF EXISTS "${table}"`);
};
for (const kind of ['logged', 'unlogged'] as const) {
  await createPostgresReplayStore({ client: admin, table: tables[kind] }).createSchema({
    unlogged: kind === 'unlogged',
  });
}

/** pgbench -M prepared, `concurrency` connections, the store's claim statement with a random key. */
function pgbench(kind: TableKind, concurrency: number): number {
  const claim = statements({ table: tables[kind] })
    .claim.replaceAll('$1', ':key')
    .replaceAll('$2', ':expires')
    .replaceAll('$3', ':now');
  const dir = mkdtempSync(join(tmpdir(), 'fpg-pgbench-'));
  const script = join(dir, 'claim.sql');
  writeFileSync(script, `\\set key random(1, 1000000000000000)\n${claim};\n`);
  const { hostname, port, username, pathname } = new URL(DATABASE_URL);
  const now = Date.now();
  try {
    const output = execFileSync(
      'pgbench',
      [
        '-h',
        hostname,
        '-p',
        port || '5432',
        '-U',
        decodeURIComponent(username || 'postgres'),
        '-n',
        '-M',
        'prepared',
        '-c',
        String(concurrency),
        '-j',
        String(Math.min(concurrency, 2)),
        '-T',
        String(SECONDS),
        '-D',
        `expires=${now + 600_000}`,
        '-D',
        `now=${now}`,
        '-f',
        script,
        decodeURIComponent(pathname.slice(1) || 'postgres'),
      ],
      { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(new URL(DATABASE_URL).password) } },
    );
    return Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)![1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `concurrency` claims in flight for SECONDS, each with a new key; after a warm-up on every connection. */
async function claimsPerSecond(store: ReplayStore, concurrency: number): Promise<number> {
  const expiresAt = Date.now() + 600_000;
  const run = randomUUID();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, () => store.claim(`warm-${run}-${next++}`, expiresAt)));
  let count = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await store.claim(`1708102555327.${run}.${next++}`, expiresAt);
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Pool size: one connection at concurrency 1; else the drivers' default of 10 (postgres.js pipelines on them). */
const poolSize = (concurrency: number) => Math.min(concurrency, 10);

/** The driver alone running the same claim statement (prepared), to show what the store adds. */
const rawClaim = (run: (text: string, params: string[]) => PromiseLike<unknown>, kind: TableKind): ReplayStore => {
  const text = statements({ table: tables[kind] }).claim;
  return {
    claim: async (key, expiresAtMs) => {
      await run(text, [key, String(expiresAtMs), String(Date.now())]);
      return true;
    },
  };
};

async function withPg(concurrency: number, use: (pool: pg.Pool) => Promise<number>): Promise<number> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: poolSize(concurrency) });
  try {
    return await use(pool);
  } finally {
    await pool.end();
  }
}

async function withPostgresJs(concurrency: number, use: (sql: postgres.Sql) => Promise<number>): Promise<number> {
  const sql = postgres(DATABASE_URL, { max: poolSize(concurrency), onnotice: () => {} });
  try {
    return await use(sql);
  } finally {
    await sql.end();
  }
}

const runners = {
  pgRaw: (kind: TableKind, c: number) =>
    withPg(c, (pool) =>
      claimsPerSecond(
        rawClaim((text, values) => pool.query({ name: 'bench_claim', text, values }), kind),
        c,
      ),
    ),
  pg: (kind: TableKind, c: number) =>
    withPg(c, (pool) =>
      claimsPerSecond(createPostgresReplayStore({ client: pool, table: tables[kind], timeout: STALL }), c),
    ),
  postgresJsRaw: (kind: TableKind, c: number) =>
    withPostgresJs(c, (sql) =>
      claimsPerSecond(
        rawClaim((text, params) => sql.unsafe(text, params, { prepare: true }), kind),
        c,
      ),
    ),
  postgresJs: (kind: TableKind, c: number) =>
    withPostgresJs(c, (sql) =>
      claimsPerSecond(createPostgresReplayStore({ client: sql, table: tables[kind], timeout: STALL }), c),
    ),
};

async function redisStore(concurrency: number): Promise<number | undefined> {
  const redis = await createClient({ url: REDIS_URL })
    .on('error', () => {})
    .connect()
    .catch(() => undefined);
  if (!redis) return undefined;
  try {
    return await claimsPerSecond(
      createRedisReplayStore({ client: redis, timeout: STALL, prefix: `fpg:bench:${randomUUID()}:` }),
      concurrency,
    );
  } finally {
    await redis.quit();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
type Column = 'pgbench' | keyof typeof runners | 'redis';
const cells = new Map<string, Record<Column, number[]>>();
const cell = (kind: string, concurrency: number) => {
  const id = `${kind}:${concurrency}`;
  if (!cells.has(id)) cells.set(id, { pgbench: [], pgRaw: [], pg: [], postgresJsRaw: [], postgresJs: [], redis: [] });
  return cells.get(id)!;
};

/** The same measurements in a new random order every round, so no column always follows another. */
const shuffled = <T>(items: T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

/** Bytes per row of a table holding `rows` claims with `keyLength`-character keys, after VACUUM. */
async function bytesPerRow(keyLength: number, rows: number): Promise<{ total: number; heap: number; indexes: number }> {
  const table = `fpg_bench_size_${suffix}_${keyLength}`;
  await createPostgresReplayStore({ client: admin, table }).createSchema();
  const expires = Date.now() + 600_000;
  await admin.query(
    `INSERT INTO "${table}" (key, expires_at) SELECT left(lpad(i::text, 13, '1') || '.' || md5(i::text) || md5(i::text), $1::int), $2::bigint + i FROM generate_series(1, $3::int) i`,
    [keyLength, String(expires), rows],
  );
  await admin.query(`VACUUM ANALYZE "${table}"`);
  const {
    rows: [size],
  } = await admin.query(
    `SELECT pg_total_relation_size($1::regclass)::float8 AS total, pg_relation_size($1::regclass)::float8 AS heap, pg_indexes_size($1::regclass)::float8 AS indexes`,
    [`"${table}"`],
  );
  await admin.query(`DROP TABLE "${table}"`);
  return { total: size.total / rows, heap: size.heap / rows, indexes: size.indexes / rows };
}
const SIZE_ROWS = 200_000;

/** µs per claim of the store's own work: claims against a query function that answers at once, minus that function alone. */
async function storeOverheadMicros(): Promise<number> {
  const rows = [{ first_use: 1 }];
  const answer = async (_text: string, _params: string[]) => rows;
  const store = createPostgresReplayStore({ query: answer });
  const count = 200_000;
  const time = async (claim: (key: string) => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < count; i++) await claim(`1708102555327.${i}`);
    return ((performance.now() - started) * 1000) / count;
  };
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const alone = await time((key) => answer('', [key, String(Date.now() + 600_000), String(Date.now())]));
    samples.push((await time((key) => store.claim(key, Date.now() + 600_000))) - alone);
  }
  return median(samples);
}

let overheadMicros = 0;
let sizes: Record<'event' | 'cside', { total: number; heap: number; indexes: number }>;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round starts from a fresh checkpoint, so none pays for the WAL of the previous one.
    await admin.query('CHECKPOINT').catch(() => {});
    // One block per row of the table: its columns back to back (in a random order), so that
    // a ratio compares numbers taken seconds apart; the blocks in a random order too.
    const blocks = CONCURRENCY.flatMap((concurrency) => [
      ...(['logged', 'unlogged'] as const).map((kind) => ({
        id: { concurrency, kind },
        columns: [
          { column: 'pgbench' as Column, run: async () => pgbench(kind, concurrency) },
          ...Object.entries(runners).map(([column, measure]) => ({
            column: column as Column,
            run: () => measure(kind, concurrency),
          })),
        ],
      })),
      {
        id: { concurrency, kind: 'redis' },
        columns: [{ column: 'redis' as Column, run: () => redisStore(concurrency) }],
      },
    ]);
    for (const { id, columns } of shuffled(blocks)) {
      for (const { column, run } of shuffled(columns)) {
        const value = await run();
        if (value !== undefined) cell(id.kind, id.concurrency)[column].push(value);
      }
    }
    console.log(
      `round ${round}: ` +
        [...cells.entries()]
          .map(
            ([id, c]) =>
              `${id} ${Object.entries(c)
                .filter(([, v]) => v.length)
                .map(([k, v]) => `${k} ${Math.round(v.at(-1)!)}`)
                .join(' ')}`,
          )
          .join(' | '),
    );
  }

  overheadMicros = await storeOverheadMicros();
  sizes = { event: await bytesPerRow(20, SIZE_ROWS), cside: await bytesPerRow(49, SIZE_ROWS) };
} finally {
  await dropTables();
}
const {
  rows: [settings],
} = await admin.query(
  "SELECT version() AS version, current_setting('synchronous_commit') AS sync, current_setting('fsync') AS fsync, current_setting('shared_buffers') AS shared_buffers",
);
await admin.end();

const perSecond = (value: number) => Math.round(value).toLocaleString('en-US');
/** The median over rounds of each round's ratio: both numbers of a ratio come from the same block. */
const ratio = (values: number[], bases: number[]) => {
  const ratios = values.map((value, i) => value / bases[i]!);
  return `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
};
const lines = [
  '# PostgreSQL replay store benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, shared with other work),`,
  `against one local ${String(settings.version).split(' on ')[0]} (fsync ${settings.fsync}, synchronous_commit ${settings.sync}, shared_buffers ${settings.shared_buffers})`,
  `and one local Redis, every column of a row in the same run. Each number is the median of ${ROUNDS} rounds of ${SECONDS} s;`,
  'every round, after a `CHECKPOINT`, measures the columns of a row back to back (rows and columns in a new',
  "random order each round), and a ratio is the median of the rounds' ratios, with their lowest and highest in",
  'brackets: the machine is shared with other work, and the spread shows how much that moved them. Reproduce: `pnpm bench` in this',
  'package (`DATABASE_URL`, `REDIS_URL`; `BENCH_SECONDS`, `BENCH_ROUNDS`).',
  `Load average (1 min) of the machine: ${loadBefore.toFixed(1)} when the run started, ${loadavg()[0]!.toFixed(1)} when it ended.`,
  '',
  "pgbench runs the store's own claim statement (`-M prepared -f`, a random key per claim) over `concurrency`",
  'connections. The Node columns keep `concurrency` claims in flight, each a new key, over a pool of one',
  "connection at concurrency 1 and of 10 at concurrency 50 (the drivers' default; pg runs one statement per",
  'connection at a time, postgres.js pipelines). "driver alone" is the same prepared statement sent with the',
  "driver's own call (`pool.query({ name, text, values })`, `sql.unsafe(text, params, { prepare: true })`);",
  '"store" is `createPostgresReplayStore({ client })` (time-out, key checks, background cleanup included).',
  'The Redis column is `createRedisReplayStore` on node-redis 6 over one connection, same claims, same run.',
  '',
  '| concurrency | table | pgbench | pg, driver alone | pg, store | store ÷ pgbench | postgres.js, driver alone | postgres.js, store | store ÷ pgbench | Redis store |',
  '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...CONCURRENCY.flatMap((concurrency) =>
    (['logged', 'unlogged'] as const).map((kind) => {
      const c = cell(kind, concurrency);
      const base = median(c.pgbench);
      const redis = cell('redis', concurrency).redis;
      return (
        `| ${concurrency} | ${kind === 'logged' ? 'logged (default)' : 'UNLOGGED'} | ${perSecond(base)} | ${perSecond(median(c.pgRaw))} | ${perSecond(median(c.pg))} | ${ratio(c.pg, c.pgbench)} | ` +
        `${perSecond(median(c.postgresJsRaw))} | ${perSecond(median(c.postgresJs))} | ${ratio(c.postgresJs, c.pgbench)} | ${kind === 'logged' && redis.length ? perSecond(median(redis)) : ''} |`
      );
    }),
  ),
  '',
  'All numbers are claims per second.',
  '',
  "Store ÷ driver alone, the same way (median of the rounds' ratios, lowest–highest):",
  '',
  '| concurrency | table | pg | postgres.js |',
  '|---:|---|---:|---:|',
  ...CONCURRENCY.flatMap((concurrency) =>
    (['logged', 'unlogged'] as const).map((kind) => {
      const c = cell(kind, concurrency);
      return `| ${concurrency} | ${kind === 'logged' ? 'logged (default)' : 'UNLOGGED'} | ${ratio(c.pg, c.pgRaw)} | ${ratio(c.postgresJs, c.postgresJsRaw)} |`;
    }),
  ),
  '',
  "The gap between the drivers alone and pgbench is the Node drivers' own cost per round trip (building,",
  'parsing and dispatching each message in JavaScript, on the same two cores as the server), which pgbench,',
  "written in C, does not pay. It shows most where the server's work per claim is smallest (an UNLOGGED table",
  'needs no WAL flush) and with pg at concurrency 50 (one statement per connection at a time, where postgres.js',
  `pipelines). The store's own work is ${overheadMicros.toFixed(1)} µs of CPU per claim`,
  '(claims against a query function that answers at once, minus that function alone, same run).',
  '',
  'Target (the issue): the store ≥ 0.7× pgbench running the same statement.',
  '',
  '## Size per row',
  '',
  `\`pg_total_relation_size\` of a table of ${SIZE_ROWS.toLocaleString('en-US')} rows after \`VACUUM ANALYZE\`, divided by the rows:`,
  '',
  '| key | bytes per row, total | heap | indexes (primary key + expires_at) |',
  '|---|---:|---:|---:|',
  `| 20 characters (a Fingerprint \`event_id\`) | ${Math.round(sizes.event.total)} | ${Math.round(sizes.event.heap)} | ${Math.round(sizes.event.indexes)} |`,
  `| 49 characters (\`cside:\` + a SHA-256) | ${Math.round(sizes.cside.total)} | ${Math.round(sizes.cside.heap)} | ${Math.round(sizes.cside.indexes)} |`,
  '',
];
writeFileSync(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
