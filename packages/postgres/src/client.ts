/** Turns whichever PostgreSQL client the user has into one `run(text, params)` function, without importing it. */
import { configError, hashedKey } from '@fingerprint-guard/core/adapter';

/**
 * Runs one parameterised statement (`$1`, `$2`, … placeholders) and resolves its rows: either a
 * node-postgres style result (`{ rows }`) or the rows themselves.
 */
export type QueryFunction = (
  text: string,
  params: string[],
) => PromiseLike<{ rows: readonly unknown[] } | readonly unknown[]>;

/** What the store runs: one statement, resolving its rows. `prepare` marks the hot statements. */
export type RunStatement = (text: string, params: string[], prepare: boolean) => Promise<readonly unknown[]>;

/**
 * node-postgres (`pg`) `Pool`, `Client` or `PoolClient`, and pools built on pg-pool. Besides
 * `query(text, values)`, the store uses `query({ name, text, values })` for prepared statements.
 */
export interface NodePostgresClient {
  query(text: string, values?: unknown[]): PromiseLike<{ rows: readonly unknown[] }>;
}

/** A postgres.js `sql` instance (also `sql.reserve()`): a function with `unsafe(text, params, options)`. */
export interface PostgresJsSql {
  unsafe(text: string, params?: unknown[], options?: { prepare?: boolean }): PromiseLike<readonly unknown[]>;
}

/** Any client the store accepts, described by the one method it uses. */
export type PostgresClientLike = NodePostgresClient | PostgresJsSql;

export function toRunStatement(client: PostgresClientLike): RunStatement {
  if (typeof client === 'function' && typeof (client as PostgresJsSql).unsafe === 'function') {
    // postgres.js: a prepared statement costs one round trip after its first use; an unprepared
    // one with parameters costs two (it asks the server for the parameter types first).
    const sql = client as PostgresJsSql;
    return async (text, params, prepare) => sql.unsafe(text, params, { prepare });
  }
  if (typeof client === 'object' && client !== null && typeof (client as NodePostgresClient).query === 'function') {
    const pg = client as NodePostgresClient;
    const names = new Map<string, string>();
    const send: RunStatement = async (text, params, prepare) => {
      if (!prepare) return rowsOf(await pg.query(text, params));
      // A named statement is parsed once per connection; the name is the text's hash, so two
      // stores on different tables never share one.
      let name = names.get(text);
      if (name === undefined) {
        name = `fpg_${hashedKey(text).slice('sha256:'.length, 'sha256:'.length + 16)}`;
        names.set(text, name);
      }
      return rowsOf(await (pg as NodePostgresClient & ConfigQuery).query({ name, text, values: params }));
    };
    // A Pool (it counts its connections) runs statements side by side. A single connection runs
    // one at a time: pg queues them itself but deprecates doing so, so the store queues them.
    return typeof (client as { totalCount?: unknown }).totalCount === 'number' ? send : oneAtATime(send);
  }
  throw configError(
    'createPostgresReplayStore needs a node-postgres Pool or Client, or a postgres.js `sql` (`client`), or a `query(text, params)` function.',
    'postgres',
  );
}

interface ConfigQuery {
  query(config: { name: string; text: string; values: string[] }): PromiseLike<{ rows: readonly unknown[] }>;
}

function oneAtATime(send: RunStatement): RunStatement {
  let last: Promise<unknown> = Promise.resolve();
  return (text, params, prepare) => {
    const result = last.then(() => send(text, params, prepare));
    last = result.catch(() => {});
    return result;
  };
}

export function fromQueryFunction(query: QueryFunction): RunStatement {
  return async (text, params) => rowsOf(await query(text, params));
}

function rowsOf(result: unknown): readonly unknown[] {
  if (Array.isArray(result)) return result;
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows;
  throw new Error('the query answered neither rows nor an object with `rows`.');
}
