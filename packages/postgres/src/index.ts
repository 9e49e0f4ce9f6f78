/** @fingerprint-guard/postgres: a replay store on PostgreSQL, shared by every instance of your app. */
export { createPostgresReplayStore } from './store.js';
export type { CreateSchemaOptions, PostgresReplayStore, PostgresReplayStoreOptions } from './store.js';
export { replayTableSql } from './sql.js';
export type { ReplayTableSqlOptions } from './sql.js';
export type { NodePostgresClient, PostgresClientLike, PostgresJsSql, QueryFunction } from './client.js';
