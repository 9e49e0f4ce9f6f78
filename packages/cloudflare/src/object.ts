/** ReplayStoreObject: the Durable Object that holds one shard of claims in its SQLite storage. */
import { PROTOCOL_VERSION, type ClaimMessage, type ObjectAnswer, type ReleaseMessage } from './protocol.js';
import type { DurableObjectStateLike, SqlCursorLike } from './types.js';

type Sql = (query: string, ...bindings: unknown[]) => SqlCursorLike;

const TABLE = 'fpg_replay_claims';
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_expires_at ON ${TABLE} (expires_at)`,
];
/** Inserts the key, or takes over an expired row of it; a row back means a first use. */
const CLAIM = `INSERT INTO ${TABLE} (key, expires_at) VALUES (?, ?)
  ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE ${TABLE}.expires_at <= ?
  RETURNING 1 AS claimed`;
const LIVE = `SELECT 1 FROM ${TABLE} WHERE key = ? AND expires_at > ?`;
const RELEASE = `DELETE FROM ${TABLE} WHERE key = ?`;
const CLEANUP_BATCH = 1_000;
const CLEANUP_BATCHES_PER_ALARM = 20;
const DELETE_EXPIRED = `DELETE FROM ${TABLE} WHERE key IN
  (SELECT key FROM ${TABLE} WHERE expires_at <= ? ORDER BY expires_at LIMIT ${CLEANUP_BATCH})`;
const EARLIEST = `SELECT expires_at FROM ${TABLE} ORDER BY expires_at LIMIT 1`;

/**
 * The Durable Object class behind `createDurableObjectReplayStore`: export it from your Worker
 * and bind it (wrangler `durable_objects` and a `new_sqlite_classes` migration). Each instance
 * holds one shard of the claims in a SQLite table, `fpg_replay_claims (key, expires_at)`.
 *
 * A claim is one synchronous SQL statement (`INSERT … ON CONFLICT DO UPDATE … WHERE expired
 * RETURNING`), so no other request of the object runs between its read and its write. Expiry is
 * judged by the calling Worker's clock, sent with each claim, never by the object's. Rows are
 * deleted by an alarm once they have been expired for `cleanupGraceMs` by the object's clock (a
 * margin for clocks that disagree: deletion never decides a claim), and an expired row is also
 * taken over by the next claim of its key.
 *
 * @example
 * export { ReplayStoreObject } from '@fingerprint-guard/cloudflare';
 */
export class ReplayStoreObject {
  /** How long after its expiry the alarm deletes a row, by the object's clock. Default one minute. */
  protected readonly cleanupGraceMs: number = 60_000;
  readonly #storage: DurableObjectStateLike['storage'];
  readonly #sql: Sql;
  /** Whether an alarm is set; unknown until read once after the object starts. */
  #alarmSet: boolean | undefined;

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
    // Without SQLite storage (a class declared in `new_classes`), reading `sql` throws, naming the fix.
    const { sql } = state.storage;
    this.#sql = (query, ...bindings) => sql.exec(query, ...bindings);
    for (const statement of SCHEMA) this.#sql(statement);
  }

  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return answer(405, { error: 'ReplayStoreObject answers POST only.' });
    const body = (await request.json().catch(() => undefined)) as Partial<ClaimMessage> | undefined;
    if (body?.v !== PROTOCOL_VERSION) {
      return answer(400, {
        error: `ReplayStoreObject speaks protocol ${PROTOCOL_VERSION}: deploy the Worker and the object from one @fingerprint-guard/cloudflare version.`,
      });
    }
    if (typeof body.key !== 'string' || body.key === '')
      return answer(400, { error: 'key must be a non-empty string.' });
    switch (new URL(request.url).pathname) {
      case '/claim':
        return this.#claim(body as ClaimMessage);
      case '/release':
        return this.#release(body as ReleaseMessage);
      default:
        return answer(404, { error: 'ReplayStoreObject serves /claim and /release.' });
    }
  }

  /** Deletes rows expired for longer than the grace, in bounded batches; sets the next alarm when rows remain. */
  async alarm(): Promise<void> {
    this.#alarmSet = false;
    const cutoff = Date.now() - this.cleanupGraceMs;
    let earliest: number | undefined;
    for (let batch = 0; batch < CLEANUP_BATCHES_PER_ALARM; batch++) {
      this.#sql(DELETE_EXPIRED, cutoff);
      earliest = (this.#sql(EARLIEST).toArray()[0] as { expires_at: number } | undefined)?.expires_at;
      if (earliest === undefined || earliest > cutoff) break;
    }
    if (earliest === undefined) return;
    await this.#storage.setAlarm(Math.max(earliest + this.cleanupGraceMs, Date.now() + 1_000));
    this.#alarmSet = true;
  }

  async #claim({ key, expiresAtMs, now }: ClaimMessage): Promise<Response> {
    if (!Number.isFinite(expiresAtMs) || !Number.isFinite(now))
      return answer(400, { error: 'expiresAtMs and now must be finite epoch times in ms.' });
    const expiresAt = Math.ceil(expiresAtMs);
    // Already expired by the Worker's clock: nothing to record; a first use unless a live row holds the key.
    if (expiresAt <= now) return answer(200, { claimed: this.#sql(LIVE, key, now).toArray().length === 0 });
    const claimed = this.#sql(CLAIM, key, expiresAt, now).toArray().length === 1;
    if (claimed) await this.#scheduleCleanup(expiresAt - now);
    return answer(200, { claimed });
  }

  #release({ key }: ReleaseMessage): Response {
    this.#sql(RELEASE, key);
    return answer(200, { released: true });
  }

  /** Sets an alarm for when this row can go, unless one is already set. */
  async #scheduleCleanup(lifetimeMs: number): Promise<void> {
    this.#alarmSet ??= (await this.#storage.getAlarm()) !== null;
    if (this.#alarmSet) return;
    this.#alarmSet = true;
    await this.#storage.setAlarm(Date.now() + lifetimeMs + this.cleanupGraceMs);
  }
}

function answer(status: number, body: ObjectAnswer): Response {
  return Response.json(body, { status });
}
