import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { createFingerprintGuard } from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { createPostgresReplayStore, replayTableSql, type QueryFunction } from '../src/index.js';
import { statements } from '../src/sql.js';
import { freePort, uniqueTable } from './postgres-servers.js';

const url = inject('databaseUrl');
const pool = new pg.Pool({ connectionString: url, max: 5 });
pool.on('error', () => {});
const tables: string[] = [];
afterAll(async () => {
  for (const table of tables) await pool.query(`DROP TABLE IF EXISTS "${table}"`);
  await pool.end();
});

async function freshStore(options: Parameters<typeof createPostgresReplayStore>[0] = {}) {
  const table = uniqueTable('store');
  tables.push(table);
  const store = createPostgresReplayStore({ client: pool, table, ...options });
  await store.createSchema();
  return { store, table };
}

const rowsOf = async (table: string) =>
  (await pool.query<{ key: string; expires_at: string }>(`SELECT key, expires_at FROM "${table}" ORDER BY key`)).rows;

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** The error a claim rejects with (fails the test when it resolves). */
async function claimError(promise: Promise<boolean>): Promise<Error> {
  const outcome = await promise.then(
    (answer) => new Error(`the claim resolved ${answer}`),
    (error: Error) => error,
  );
  expect(outcome.message).not.toMatch(/^the claim resolved/);
  return outcome;
}

/** A query function that records every statement and answers with `answer`. */
function recording(answer: (text: string) => Promise<unknown[]>) {
  const sent: Array<{ text: string; params: string[] }> = [];
  const query: QueryFunction = async (text, params) => {
    sent.push({ text, params });
    return answer(text);
  };
  return { sent, query };
}

describe('createPostgresReplayStore', () => {
  afterEach(() => void vi.restoreAllMocks());

  it('stores the key and the claim’s expiry in epoch ms, one row per claim', async () => {
    const { store, table } = await freshStore();
    const expiresAt = Date.now() + 90_000;
    expect(await store.claim('1708102555327.NLOjmg', expiresAt)).toBe(true);
    expect(await store.claim('1708102555327.NLOjmg', expiresAt + 5_000)).toBe(false);
    expect(await rowsOf(table)).toEqual([{ key: '1708102555327.NLOjmg', expires_at: String(expiresAt) }]);
  });

  it('hashes keys that are too long, hold a NUL or a lone surrogate, and keeps them apart', async () => {
    const { store, table } = await freshStore({ maxKeyLength: 32 });
    const keys = ['k'.repeat(5_000), 'nul\0inside', 'lone\uD800', 'lone\uDBFF', 'short-key'];
    for (const key of keys) expect(await store.claim(key, Date.now() + 60_000)).toBe(true);
    for (const key of keys) expect(await store.claim(key, Date.now() + 60_000)).toBe(false);
    const stored = (await rowsOf(table)).map((row) => row.key);
    expect(stored).toHaveLength(5);
    expect(stored.filter((key) => /^sha256:[A-Za-z0-9_-]{43}$/.test(key))).toHaveLength(4);
    expect(stored).toContain('short-key');
  });

  it('compares expiry with this process’s clock, not the database’s', async () => {
    const { store, table } = await freshStore();
    const realNow = Date.now();
    // The app's clock is an hour behind the database's: what is live for the app stays live.
    vi.spyOn(Date, 'now').mockReturnValue(realNow - 3_600_000);
    const expiresAt = realNow - 3_000_000; // past for the database, future for the app
    expect(await store.claim('app-clock', expiresAt)).toBe(true);
    expect(await store.claim('app-clock', expiresAt)).toBe(false);
    vi.restoreAllMocks();
    // For the app, now that its clock is right, the row has expired.
    expect(await store.claim('app-clock', Date.now() + 60_000)).toBe(true);
    expect(await rowsOf(table)).toHaveLength(1);
  });

  it('records nothing for a claim whose expiry has passed', async () => {
    const { store, table } = await freshStore();
    expect(await store.claim('already-expired', Date.now() - 1)).toBe(true);
    expect(await store.claim('already-expired', Date.now())).toBe(true);
    expect(await rowsOf(table)).toEqual([]);
  });

  it('runs exactly one statement per claim, and never retries one that failed', async () => {
    const { sent, query } = recording(async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    const store = createPostgresReplayStore({ query, cleanup: false });
    await expect(store.claim('k', Date.now() + 60_000)).rejects.toThrow('Connection terminated unexpectedly');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(
      /^INSERT INTO "fingerprint_guard_replay" AS claimed .* ON CONFLICT \(key\) DO UPDATE .* WHERE claimed\.expires_at <= \$3::bigint RETURNING 1/,
    );
    expect(sent[0]!.params).toEqual(['k', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
  });

  it('declares its window (default 15 minutes) and refuses every call once closed', async () => {
    const { store } = await freshStore({ window: '30m' });
    expect(store.windowMs).toBe(30 * 60_000);
    expect(createPostgresReplayStore({ client: pool }).windowMs).toBe(15 * 60_000);
    expect(await store.claim('before', Date.now() + 60_000)).toBe(true);
    await store.close();
    await expect(store.claim('before', Date.now() + 60_000)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(store.release('before')).rejects.toThrow('closed');
  });

  it('release(key) is one DELETE of that key', async () => {
    const { store, table } = await freshStore();
    await store.claim('kept', Date.now() + 60_000);
    await store.claim('released', Date.now() + 60_000);
    await store.release('released');
    expect((await rowsOf(table)).map((row) => row.key)).toEqual(['kept']);
  });

  it('gives up after `timeout` when PostgreSQL does not answer', async () => {
    const store = createPostgresReplayStore({ query: () => new Promise(() => {}), timeout: '100ms' });
    const started = performance.now();
    await expect(store.claim('k', Date.now() + 60_000)).rejects.toThrow(/within 100 ms/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('rejects an answer it does not understand instead of guessing', async () => {
    const twoRows = createPostgresReplayStore({ query: async () => [{}, {}], cleanup: false });
    await expect(twoRows.claim('k', Date.now() + 60_000)).rejects.toThrow(/2 rows/);
    const noRows = createPostgresReplayStore({ query: async () => ({ rowCount: 1 }) as never, cleanup: false });
    await expect(noRows.claim('k', Date.now() + 60_000)).rejects.toThrow(/neither rows/);
  });

  it('says how to create a missing table', async () => {
    const store = createPostgresReplayStore({ client: pool, table: uniqueTable('missing') });
    await expect(store.claim('k', Date.now() + 60_000)).rejects.toThrow(/does not exist\. Run store\.createSchema\(\)/);
  });

  it('masks credentials in the messages of driver errors, and keeps nothing else of them', async () => {
    const leaky = Object.assign(
      new Error('connect to postgres://app:s3cret-pw@db.internal:5432/prod failed (password=s3cret-pw)'),
      {
        code: 'ECONNREFUSED',
        input: 'postgres://app:s3cret-pw@db.internal:5432/prod',
        parameters: ['1708102555327.NLOjmg'],
      },
    );
    const store = createPostgresReplayStore({ query: async () => Promise.reject(leaky) });
    const error = await claimError(store.claim('1708102555327.NLOjmg', Date.now() + 60_000));
    expect(error.message).toBe(
      'PostgreSQL replay store: claim failed: connect to postgres://app:***@db.internal:5432/prod failed (password=***) (ECONNREFUSED)',
    );
    expect(JSON.stringify(error) + String(error.cause) + error.stack).not.toMatch(/s3cret|NLOjmg/);
  });

  it('never shows a password of the connection string when PostgreSQL refuses the connection', async () => {
    const port = await freePort();
    const badPool = new pg.Pool({ connectionString: `postgres://app:s3cret-pw@127.0.0.1:${port}/test` });
    badPool.on('error', () => {});
    const sql = postgres(`postgres://app:s3cret-pw@127.0.0.1:${port}/test`, { connect_timeout: 1 });
    try {
      for (const client of [badPool, sql]) {
        const store = createPostgresReplayStore({ client });
        const error = await claimError(store.claim('k', Date.now() + 60_000));
        expect(error.message).toMatch(/^PostgreSQL replay store: claim failed: .*ECONNREFUSED/);
        expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('s3cret');
      }
    } finally {
      await Promise.all([badPool.end(), sql.end()]);
    }
  });

  it.each([
    ['no client', {}],
    ['a client without a known method', { client: { select() {} } }],
    ['a function that is not postgres.js', { client: () => {} }],
    ['both client and query', { client: {}, query: async () => [] }],
    ['a bad timeout', { query: async () => [], timeout: 'soon' }],
    ['a tiny maxKeyLength', { query: async () => [], maxKeyLength: 4 }],
    ['a maxKeyLength too long for an index entry', { query: async () => [], maxKeyLength: 5_000 }],
    ['an empty table name', { query: async () => [], table: '' }],
    ['a table name PostgreSQL would cut', { query: async () => [], table: 't'.repeat(53) }],
    ['a NUL in the schema', { query: async () => [], schema: 'a\0b' }],
    ['cleanup every 0 claims', { query: async () => [], cleanup: { every: 0 } }],
    ['a bad cleanup grace', { query: async () => [], cleanup: { grace: '-1s' } }],
    ['prepare that is not a boolean', { query: async () => [], prepare: 'yes' }],
  ] as Array<[string, object]>)('throws CONFIG_INVALID for %s', (_name, options) => {
    expect(() => createPostgresReplayStore(options as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});

describe('a pool that cannot reach PostgreSQL', () => {
  // A server that accepts TCP connections and never answers: a connection attempt hangs.
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails every claim within the store’s time-out, with pg and with postgres.js', async () => {
    const hungPool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${silentPort}/test`, max: 2 });
    hungPool.on('error', () => {});
    const sql = postgres(`postgres://postgres@127.0.0.1:${silentPort}/test`, { max: 2, connect_timeout: 30 });
    try {
      for (const client of [hungPool, sql]) {
        const store = createPostgresReplayStore({ client, timeout: '200ms' });
        const started = performance.now();
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.claim(`k${i}`, Date.now() + 60_000)),
        );
        const elapsed = performance.now() - started;
        expect(results.map((result) => result.status)).toEqual(Array(10).fill('rejected'));
        expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/did not answer within 200 ms/);
        expect(elapsed).toBeLessThan(200 + 1_500);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await Promise.allSettled([hungPool.end(), sql.end({ timeout: 0 })]);
    }
  });

  it('turns into 503 REPLAY_STORE_UNAVAILABLE in the guard, never an accepted request', async () => {
    const key = generateKey();
    const hungPool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${silentPort}/test`, max: 1 });
    hungPool.on('error', () => {});
    try {
      const guard = createFingerprintGuard({
        fingerprint: { keys: [key] },
        replay: { store: createPostgresReplayStore({ client: hungPool, timeout: '150ms' }) },
        logger: { warn() {}, error() {} },
      });
      const error = await guard
        .verify({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } } as never)
        .catch((caught: { code: string; status: number }) => caught);
      expect(error).toMatchObject({ code: 'REPLAY_STORE_UNAVAILABLE', status: 503 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await hungPool.end().catch(() => {});
    }
  });
});

describe('createSchema and replayTableSql', () => {
  it('prints the table and index for a migration, names quoted', () => {
    expect(replayTableSql()).toBe(
      'CREATE TABLE IF NOT EXISTS "fingerprint_guard_replay" (\n  key text PRIMARY KEY,\n  expires_at bigint NOT NULL\n);\n' +
        'CREATE INDEX IF NOT EXISTS "fingerprint_guard_replay_expires_at" ON "fingerprint_guard_replay" (expires_at);\n',
    );
    expect(replayTableSql({ schema: 'auth', table: 'my "replay"', unlogged: true })).toBe(
      'CREATE UNLOGGED TABLE IF NOT EXISTS "auth"."my ""replay""" (\n  key text PRIMARY KEY,\n  expires_at bigint NOT NULL\n);\n' +
        'CREATE INDEX IF NOT EXISTS "my ""replay""_expires_at" ON "auth"."my ""replay""" (expires_at);\n',
    );
  });

  it('creates an UNLOGGED table when asked, in the schema asked', async () => {
    const schema = uniqueTable('schema');
    await pool.query(`CREATE SCHEMA "${schema}"`);
    try {
      const store = createPostgresReplayStore({ client: pool, schema, table: 'replay' });
      await store.createSchema({ unlogged: true });
      const { rows } = await pool.query(
        `SELECT c.relpersistence, (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = c.oid) AS indexes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'replay'`,
        [schema],
      );
      expect(rows).toEqual([{ relpersistence: 'u', indexes: 2 }]);
      expect(await store.claim('k', Date.now() + 60_000)).toBe(true);
    } finally {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });

  it('can be run by many instances at once', async () => {
    const table = uniqueTable('race');
    tables.push(table);
    const clients = Array.from({ length: 6 }, () => new pg.Client({ connectionString: url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      await Promise.all(clients.map((client) => createPostgresReplayStore({ client, table }).createSchema()));
      expect(await createPostgresReplayStore({ client: pool, table }).claim('k', Date.now() + 60_000)).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('takes no lock once the table exists, so claims in flight never wait for it', async () => {
    const { store, table } = await freshStore({ timeout: '2s' });
    const busy = await pool.connect();
    try {
      // What an INSERT in flight holds; CREATE INDEX IF NOT EXISTS would wait for it.
      await busy.query('BEGIN');
      await busy.query(`LOCK TABLE "${table}" IN ROW EXCLUSIVE MODE`);
      await store.createSchema();
    } finally {
      await busy.query('ROLLBACK');
      busy.release();
    }
  });
});

describe('deleting expired rows', () => {
  const insertExpired = (table: string, keys: number, expiredMsAgo: number) =>
    pool.query(
      `INSERT INTO "${table}" (key, expires_at) SELECT 'old-' || i, $1::bigint FROM generate_series(1, $2::int) i`,
      [String(Date.now() - expiredMsAgo), keys],
    );

  it('deleteExpired() removes one batch of rows expired for longer than the grace, and nothing live', async () => {
    const { store, table } = await freshStore({ cleanup: { batchSize: 10, grace: '1m', every: 1_000 } });
    await insertExpired(table, 25, 120_000);
    await pool.query(`INSERT INTO "${table}" (key, expires_at) VALUES ('recent', $1::bigint)`, [
      String(Date.now() - 1_000),
    ]);
    await store.claim('live', Date.now() + 60_000);
    expect(await store.deleteExpired()).toBe(10);
    expect(await store.deleteExpired()).toBe(10);
    expect(await store.deleteExpired()).toBe(5);
    expect(await store.deleteExpired()).toBe(0);
    expect((await rowsOf(table)).map((row) => row.key)).toEqual(['live', 'recent']);
  });

  it('reads at most one batch through the expiry index, even with a generic plan on a table never analysed', async () => {
    const { table } = await freshStore();
    await pool.query(
      `INSERT INTO "${table}" (key, expires_at) SELECT 'live-' || i, $1::bigint FROM generate_series(1, 20000) i`,
      [String(Date.now() + 60_000)],
    );
    const client = await pool.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE fpg_cleanup(bigint, int) AS ${statements({ table }).deleteExpired}`);
      for (const [expiredBefore, expected] of [
        [String(Date.now()), 0],
        ['9007199254740991', 100],
      ] as const) {
        const { rows } = await client.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE fpg_cleanup(${expiredBefore}, 100)`,
        );
        const nodes = planNodes(rows[0]['QUERY PLAN'][0].Plan);
        expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
        const byExpiry = nodes.filter((node) => node['Index Name'] === `${table}_expires_at`);
        expect(byExpiry.map((node) => node['Actual Rows'])).toEqual([expected]);
      }
    } finally {
      await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
      client.release();
    }
  });

  it('runs by itself after every `every` claims, in the background, and close() waits for it', async () => {
    const { store, table } = await freshStore({ cleanup: { every: 5, grace: 0 } });
    await insertExpired(table, 30, 1);
    for (let i = 0; i < 4; i++) await store.claim(`live-${i}`, Date.now() + 60_000);
    expect(await rowsOf(table)).toHaveLength(34);
    await store.claim('live-4', Date.now() + 60_000);
    await store.close();
    expect((await rowsOf(table)).map((row) => row.key)).toEqual(['live-0', 'live-1', 'live-2', 'live-3', 'live-4']);
  });

  it('never fails or slows a claim, and starts no timer', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const { sent, query } = recording(async (text) => {
      if (text.startsWith('WITH gone AS (DELETE')) throw new Error('canceling statement due to statement timeout');
      return [{ first_use: 1 }];
    });
    const store = createPostgresReplayStore({ query, cleanup: { every: 2 } });
    for (let i = 0; i < 6; i++) expect(await store.claim(`k${i}`, Date.now() + 60_000)).toBe(true);
    await store.close();
    expect(sent.filter((statement) => statement.text.startsWith('WITH gone AS (DELETE'))).toHaveLength(3);
    expect(timers()).toBe(before);
  });

  it('cleanup: false never deletes by itself, and deleteExpired() still does when called', async () => {
    const { sent, query } = recording(async (text) =>
      text.startsWith('WITH gone') ? [{ deleted: 3 }] : [{ first_use: 1 }],
    );
    const store = createPostgresReplayStore({ query, cleanup: false });
    for (let i = 0; i < 300; i++) await store.claim(`k${i}`, Date.now() + 60_000);
    expect(sent.every((statement) => statement.text.startsWith('INSERT'))).toBe(true);
    expect(await store.deleteExpired()).toBe(3);
    expect(sent.at(-1)!.params).toEqual([expect.stringMatching(/^\d+$/), '500']);
  });
});
