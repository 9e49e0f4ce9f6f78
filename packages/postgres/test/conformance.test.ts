import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { replayStoreConformance } from '@fingerprint-guard/testing/vitest';
import { createPostgresReplayStore, type PostgresReplayStoreOptions } from '../src/index.js';
import { uniqueTable } from './postgres-servers.js';

// Every client under test, connected once for the file; each store gets a fresh table, dropped at the end.
const url = inject('databaseUrl');
const pool = new pg.Pool({ connectionString: url, max: 10 });
pool.on('error', () => {});
const client = new pg.Client({ connectionString: url });
client.on('error', () => {});
const sql = postgres(url, { max: 10, onnotice: () => {} });
const tables: string[] = [];

beforeAll(() => client.connect());
afterAll(async () => {
  for (const table of tables) await pool.query(`DROP TABLE IF EXISTS public."${table.replaceAll('"', '""')}"`);
  await Promise.all([pool.end(), client.end(), sql.end()]);
});

/**
 * A store on a new table, created by the store's own createSchema(). Its time-out is long: the
 * suite's bursts of 250 claims queue on one connection for the pg Client, and the machine may be
 * busy; deadlines are what store.test.ts and outage.test.ts check.
 */
async function fresh(options: PostgresReplayStoreOptions, unlogged = false) {
  const table = options.table ?? uniqueTable('conformance');
  tables.push(table);
  const store = createPostgresReplayStore({ timeout: '10s', ...options, table });
  await store.createSchema({ unlogged });
  return store;
}

replayStoreConformance('pg Pool', () => fresh({ client: pool }));
replayStoreConformance('pg Client (one connection)', () => fresh({ client }));
replayStoreConformance('postgres.js', () => fresh({ client: sql }));
replayStoreConformance('postgres.js, unprepared statements', () => fresh({ client: sql, prepare: false }));
replayStoreConformance('a query function, on an UNLOGGED table with a name that needs quoting', () =>
  fresh(
    {
      query: (text, params) => pool.query(text, params),
      table: `${uniqueTable('Odd')} "quoted" naMe`,
      schema: 'public',
    },
    true,
  ),
);
