/** createPostgresReplayStore: one atomic INSERT … ON CONFLICT per claim, bounded in time, never retried. */
import type { Duration, ReplayStore } from '@fingerprint-guard/core';
import {
  checkOptions,
  configError,
  hashedKey,
  isBoolean,
  isDuration,
  isFunction,
  isReplayWindow,
  maskCredentials,
  nested,
  storedKey,
  storeWindowMs,
  toMilliseconds,
  wholeNumber,
  withTimeout,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import {
  fromQueryFunction,
  toRunStatement,
  type PostgresClientLike,
  type QueryFunction,
  type RunStatement,
} from './client.js';
import { statements, type TableName } from './sql.js';

export interface PostgresReplayStoreOptions extends TableName {
  /** A node-postgres (`pg`) `Pool` (or `Client`), or a postgres.js `sql` instance. */
  client?: PostgresClientLike;
  /** Instead of `client`: runs one statement with `$1`… parameters and resolves its rows. */
  query?: QueryFunction;
  /**
   * Claims and releases as named prepared statements, parsed once per connection (with `client`).
   * Default true; false behind PgBouncer in transaction mode older than 1.21.
   */
  prepare?: boolean;
  /** Longest claim key stored as it is; a longer one is stored as its SHA-256. Default 128. */
  maxKeyLength?: number;
  /** A statement that takes longer fails (a claim: the guard answers 503). Default `'1s'`. */
  timeout?: Duration;
  /**
   * Deleting expired rows: after every `every` claims of this store (default 100), one
   * `DELETE` of at most `batchSize` rows (default 500) whose expiry is at least `grace` old
   * (default `'1m'`), in the background of the claim that triggered it. `false`: never by
   * itself (call `deleteExpired()` from a scheduled job of yours; it uses the defaults).
   */
  cleanup?: false | { every?: number; batchSize?: number; grace?: Duration };
  /**
   * The longest acceptance window of the guards and webhook receivers on this table: every
   * claim lasts this long from the event's timestamp (a guard whose `maxAge + clockSkew` is
   * longer is `CONFIG_INVALID`). Give every store on one table the same window. Default `'15m'`.
   */
  window?: Duration;
}

export interface CreateSchemaOptions {
  /** `CREATE UNLOGGED TABLE`: faster claims, but the table is emptied after a server crash. Default false. */
  unlogged?: boolean;
}

/** A `ReplayStore` on PostgreSQL, with the helpers to create its table and delete expired rows. */
export interface PostgresReplayStore extends ReplayStore {
  readonly windowMs: number;
  claim(key: string, expiresAtMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
  /** Creates the table and its index when missing; takes no lock when both exist. */
  createSchema(options?: CreateSchemaOptions): Promise<void>;
  /** Deletes one batch of rows expired for longer than the cleanup grace; resolves how many. Also with `cleanup: false`. */
  deleteExpired(): Promise<number>;
  /** Waits for a cleanup in flight; the store refuses every call after it. Does not close your client: you opened it, you close it. */
  close(): Promise<void>;
}

const DEFAULT_MAX_KEY_LENGTH = 128;
const MAX_MAX_KEY_LENGTH = 512;
const DEFAULT_TIMEOUT = '1s';
const DEFAULT_CLEANUP = { every: 100, batchSize: 500, grace: '1m' } as const;
const CLEANUP_OPTIONS = {
  every: wholeNumber(1, undefined, 'claims'),
  batchSize: wholeNumber(1, 100_000, 'rows'),
  grace: isDuration,
} as const satisfies OptionSchema<Exclude<PostgresReplayStoreOptions['cleanup'], false | undefined>>;

const POSTGRES_REPLAY_STORE_OPTIONS = {
  client: true,
  query: isFunction,
  table: true,
  schema: true,
  prepare: isBoolean,
  maxKeyLength: wholeNumber(16, MAX_MAX_KEY_LENGTH),
  timeout: isDuration,
  cleanup: nested(CLEANUP_OPTIONS, 'false'),
  window: isReplayWindow,
} as const satisfies OptionSchema<PostgresReplayStoreOptions>;

/** SQLSTATEs of a concurrent `CREATE … IF NOT EXISTS` that lost the race: run it once more. */
const CREATE_RACE = new Set(['23505', '42P07', '42710']);

/**
 * A `ReplayStore` shared by every instance of your app, on PostgreSQL 9.5 or later. Each claim
 * is one statement, `INSERT … ON CONFLICT (key) DO UPDATE … WHERE` the stored row has expired
 * `RETURNING 1`: a row back is a first use, none a replay; `release` is one `DELETE`. Expiry is
 * compared with this process's clock, the one the guard's age check uses. It never retries a
 * statement whose outcome is unknown, and it bounds every call with `timeout`, also while the
 * pool waits for a connection.
 *
 * `close()` does not close your client: you opened it, you close it.
 *
 * @example
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = createPostgresReplayStore({ client: pool });
 * await store.createSchema();
 * app.use(fingerprintGuard({ fingerprint: { keys }, replay: { store } }));
 */
export function createPostgresReplayStore(options: PostgresReplayStoreOptions): PostgresReplayStore {
  checkOptions(options, POSTGRES_REPLAY_STORE_OPTIONS, 'createPostgresReplayStore', 'postgres');
  if (options.client !== undefined && options.query !== undefined) {
    throw configError('createPostgresReplayStore takes `client` or `query`, not both.', 'postgres');
  }
  const run: RunStatement =
    options.query !== undefined
      ? fromQueryFunction(options.query)
      : toRunStatement(options.client as PostgresClientLike);
  const sql = statements(options);
  const maxKeyLength = options.maxKeyLength ?? DEFAULT_MAX_KEY_LENGTH;
  const timeoutMs = toMilliseconds(options.timeout ?? DEFAULT_TIMEOUT, 'timeout');
  const prepare = options.prepare ?? true;
  const cleanup = cleanupSettings(options.cleanup);
  const windowMs = storeWindowMs(options.window);
  let closed = false;

  /** Long keys, keys with NUL (which `text` cannot hold) and ill-formed UTF-16 are stored hashed. */
  const rowKey = (key: string) => (key.includes('\0') ? hashedKey(key) : storedKey(key, maxKeyLength));

  const call = (what: string, text: string, params: string[], hot = true) => {
    if (closed) return Promise.reject(codedError('STORE_CLOSED', 'The PostgreSQL replay store is closed.'));
    return withTimeout(
      run(text, params, hot && prepare).catch((error: unknown) => {
        throw storeError(what, error, sql.table);
      }),
      timeoutMs,
      () =>
        codedError(
          'STORE_TIMEOUT',
          `PostgreSQL replay store: ${what}: PostgreSQL did not answer within ${timeoutMs} ms.`,
        ),
    );
  };

  let claims = 0;
  let cleaning: Promise<unknown> | undefined;

  async function deleteExpired(): Promise<number> {
    const { graceMs, batchSize } = cleanup;
    const rows = await call('deleting expired rows', sql.deleteExpired, [
      String(Date.now() - graceMs),
      String(batchSize),
    ]);
    return Number((rows[0] as { deleted?: unknown } | undefined)?.deleted ?? 0);
  }

  /** Every `every` claims, one bounded batch in the background; never two at a time, errors dropped. */
  function maybeCleanUp() {
    if (cleanup.every === undefined || ++claims % cleanup.every !== 0 || cleaning) return;
    cleaning = deleteExpired()
      .catch(() => {})
      .finally(() => {
        cleaning = undefined;
      });
  }

  return {
    windowMs,
    async claim(key, expiresAtMs) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      if (!Number.isFinite(expiresAtMs)) throw new TypeError('A replay expiry must be a finite epoch time in ms.');
      const now = Date.now();
      const expiresAt = Math.min(Math.ceil(expiresAtMs), Number.MAX_SAFE_INTEGER);
      // A key is live while expires_at > now. A claim that is already expired records nothing,
      // and is a first use unless a live row holds its key.
      const rows =
        expiresAt > now
          ? await call('claim', sql.claim, [rowKey(key), String(expiresAt), String(now)])
          : await call('claim', sql.checkLive, [rowKey(key), String(now)]);
      maybeCleanUp();
      if (rows.length === 1) return true;
      if (rows.length === 0) return false;
      throw new Error(`PostgreSQL answered a claim with ${rows.length} rows.`);
    },
    async release(key) {
      if (typeof key !== 'string' || key === '') throw new TypeError('A replay key must be a non-empty string.');
      await call('release', sql.release, [rowKey(key)]);
    },
    async createSchema(schemaOptions = {}) {
      const [found] = await call(
        'checking the schema',
        'SELECT to_regclass($1) IS NOT NULL AS has_table, to_regclass($2) IS NOT NULL AS has_index',
        [sql.table, sql.index],
        false,
      );
      const { has_table: hasTable, has_index: hasIndex } = (found ?? {}) as {
        has_table?: unknown;
        has_index?: unknown;
      };
      if (isTrue(hasTable) && isTrue(hasIndex)) return; // CREATE INDEX IF NOT EXISTS would lock out claims while it checks
      for (const [what, text] of [
        ['creating the table', sql.createTable(schemaOptions.unlogged === true)],
        ['creating the index', sql.createIndex],
      ] as const) {
        try {
          await call(what, text, [], false);
        } catch (error) {
          // Another instance created it at the same moment: IF NOT EXISTS makes a second run safe.
          if (!CREATE_RACE.has(sqlState(error) ?? '')) throw error;
          await call(what, text, [], false);
        }
      }
    },
    deleteExpired,
    async close() {
      closed = true;
      await cleaning;
    },
  };
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** `every` undefined: no cleanup by itself (`cleanup: false`); `deleteExpired()` still works. */
function cleanupSettings(option: PostgresReplayStoreOptions['cleanup']): {
  every?: number;
  batchSize: number;
  graceMs: number;
} {
  const cleanup = option === false ? undefined : option;
  return {
    every: option === false ? undefined : (cleanup?.every ?? DEFAULT_CLEANUP.every),
    batchSize: cleanup?.batchSize ?? DEFAULT_CLEANUP.batchSize,
    graceMs: toMilliseconds(cleanup?.grace ?? DEFAULT_CLEANUP.grace, 'cleanup.grace'),
  };
}

const isTrue = (value: unknown) => value === true || value === 't' || value === 'true';

function sqlState(error: unknown): string | undefined {
  const code = (error as { sqlState?: unknown } | null)?.sqlState;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The store's own error for a failed statement: the driver's message and SQLSTATE, with any
 * credentials in it masked, and nothing else (driver errors may carry the connection string or
 * the statement's parameters).
 */
function storeError(what: string, error: unknown, table: string): Error {
  const raw = error as { message?: unknown; code?: unknown } | null;
  // A SQLSTATE from the server (`42P01`), or Node's own (`ECONNREFUSED`).
  const code = typeof raw?.code === 'string' && /^[0-9A-Z_]{1,40}$/.test(raw.code) ? raw.code : undefined;
  if (code === '42P01') {
    return Object.assign(
      new Error(
        `PostgreSQL replay store: ${what} failed: table ${table} does not exist. Run store.createSchema() or the SQL from the README.`,
      ),
      { sqlState: code },
    );
  }
  const message = typeof raw?.message === 'string' ? maskCredentials(raw.message) : String(error);
  const failure = new Error(`PostgreSQL replay store: ${what} failed: ${message}${code ? ` (${code})` : ''}`);
  return code === undefined ? failure : Object.assign(failure, { sqlState: code });
}
