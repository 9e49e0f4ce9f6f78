/** The SQL of the store: the table, its index, and the four statements, with quoted names. */
import { configError } from '@fingerprint-guard/core/adapter';

export const DEFAULT_TABLE = 'fingerprint_guard_replay';
const INDEX_SUFFIX = '_expires_at';
/** PostgreSQL cuts identifiers at 63 bytes; the index name adds its suffix to the table's. */
const MAX_TABLE_BYTES = 63 - INDEX_SUFFIX.length;

export interface TableName {
  /** Table name, unquoted. Default `'fingerprint_guard_replay'`. */
  table?: string;
  /** Schema of the table, unquoted. Default: none, so PostgreSQL's `search_path` decides. */
  schema?: string;
}

export interface ReplayTableSqlOptions extends TableName {
  /** `CREATE UNLOGGED TABLE`: faster writes, emptied after a crash of the server. Default false. */
  unlogged?: boolean;
}

/** The statements one store runs, for one table. */
export interface Statements {
  /** The quoted, schema-qualified names, as `to_regclass` reads them. */
  table: string;
  index: string;
  /** $1 key, $2 expires_at, $3 now: one row for a first use, none for a replay. */
  claim: string;
  /** $1 key, $2 now, for a claim whose expiry has already passed: one row unless a live row exists. */
  checkLive: string;
  /** $1 key. */
  release: string;
  /** $1 expired-before, $2 batch size: one row, `deleted`. */
  deleteExpired: string;
  createTable(unlogged: boolean): string;
  createIndex: string;
}

/** `"name"`, with quotes doubled: any name is safe to put in a statement. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function checkName(value: unknown, option: string, maxBytes: number): string {
  if (typeof value !== 'string' || value === '') throw configError(`${option} must be a non-empty string.`, 'postgres');
  if (value.includes('\0')) throw configError(`${option} must not contain a NUL character.`, 'postgres');
  if (Buffer.byteLength(value) > maxBytes) {
    throw configError(`${option} must be at most ${maxBytes} bytes long (PostgreSQL cuts longer names).`, 'postgres');
  }
  return value;
}

export function statements(names: TableName = {}): Statements {
  const tableName = checkName(names.table ?? DEFAULT_TABLE, 'table', MAX_TABLE_BYTES);
  const schema = names.schema === undefined ? '' : `${quoteIdentifier(checkName(names.schema, 'schema', 63))}.`;
  const table = schema + quoteIdentifier(tableName);
  const indexName = quoteIdentifier(tableName + INDEX_SUFFIX);
  return {
    table,
    index: schema + indexName,
    // The NOT EXISTS reads without locking: a replay of a live key (the common case under attack,
    // many copies at once) answers from the index and writes nothing. Only when no live row is
    // visible does the INSERT run, and ON CONFLICT then decides atomically against the latest row.
    claim:
      `INSERT INTO ${table} AS claimed (key, expires_at) SELECT $1::text, $2::bigint ` +
      `WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE key = $1::text AND expires_at > $3::bigint) ` +
      'ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE claimed.expires_at <= $3::bigint ' +
      'RETURNING 1 AS first_use',
    checkLive: `SELECT 1 AS first_use WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE key = $1::text AND expires_at > $2::bigint)`,
    release: `DELETE FROM ${table} WHERE key = $1::text`,
    // Bounded whatever the planner knows: the ARRAY(…) runs first and walks the expiry index
    // (ORDER BY makes that index the plan, also for a generic plan before any ANALYZE), then
    // the DELETE finds those keys by primary key. SKIP LOCKED lets cleanups of several
    // instances pass each other. The outer `expires_at <=` is checked on each row's latest
    // version: a row that a claim took over (a new expiry) is left alone.
    deleteExpired:
      `WITH gone AS (DELETE FROM ${table} WHERE key = ANY (ARRAY(` +
      `SELECT key FROM ${table} WHERE expires_at <= $1::bigint ORDER BY expires_at LIMIT $2::int FOR UPDATE SKIP LOCKED)) ` +
      'AND expires_at <= $1::bigint RETURNING 1) SELECT count(*)::int AS deleted FROM gone',
    createTable: (unlogged) =>
      `CREATE ${unlogged ? 'UNLOGGED ' : ''}TABLE IF NOT EXISTS ${table} (\n` +
      '  key text PRIMARY KEY,\n' +
      '  expires_at bigint NOT NULL\n' +
      ')',
    createIndex: `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (expires_at)`,
  };
}

/**
 * The SQL that creates the store's table and index, for a migration (Prisma, Drizzle, Knex,
 * node-pg-migrate, plain `psql`). `createSchema()` runs the same statements.
 *
 * @example
 * import { replayTableSql } from '@fingerprint-guard/postgres';
 * console.log(replayTableSql({ table: 'login_replay', unlogged: true }));
 */
export function replayTableSql(options: ReplayTableSqlOptions = {}): string {
  const sql = statements(options);
  return `${sql.createTable(options.unlogged === true)};\n${sql.createIndex};\n`;
}
