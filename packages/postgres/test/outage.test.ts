import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { createPostgresReplayStore } from '../src/index.js';
import { login, startInstance, stopInstance, type Instance } from '@fingerprint-guard/test-kit/processes';
import { createPostgresServer, uniqueTable, type PostgresServer } from './postgres-servers.js';

/** The app each instance runs: the guard on this package's store, in a process of its own. */
const APP = new URL('./fixtures/app.mjs', import.meta.url);

// A private PostgreSQL (initdb + pg_ctl in a temp dir) that these tests freeze, stop, crash and
// restart, under two app processes: one on node-postgres, one on postgres.js.
const key = generateKey();
const STORE_TIMEOUT_MS = 300;
/** Generous margin over the store time-out for a loaded 2-core machine; still far below a hang. */
const DEADLINE_MS = STORE_TIMEOUT_MS + 2_000;
let server: PostgresServer;
let apps: Instance[] = [];

beforeAll(async () => {
  server = await createPostgresServer();
  const env = {
    SEALED_KEY: key,
    DATABASE_URL: server.url,
    TABLE: uniqueTable('outage'),
    STORE_TIMEOUT: `${STORE_TIMEOUT_MS}ms`,
  };
  apps = await Promise.all(['pg', 'postgres.js'].map((DRIVER) => startInstance(APP, { ...env, DRIVER })));
}, 60_000);
afterAll(async () => {
  await Promise.all(apps.map(stopInstance));
  await server?.destroy();
}, 60_000);

const fresh = () => sealEvent(createEvent(), key);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends fresh events until one is accepted by `app` (the store works again), without restarting anything. */
async function recovered(app: Instance): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await login(app.url, fresh())).status === 200) return;
    await sleep(100);
  }
  throw new Error(`${app.url} did not recover`);
}

describe('a PostgreSQL outage under load', () => {
  it('frozen server (SIGSTOP): every request is 503 within the store time-out, no replay passes, and it recovers', async () => {
    const accepted = [fresh(), fresh(), fresh(), fresh()];
    for (const [i, sealed] of accepted.entries()) expect((await login(apps[i % 2]!.url, sealed)).status).toBe(200);

    server.freeze();
    let during: Awaited<ReturnType<typeof login>>[];
    try {
      during = await Promise.all(
        Array.from({ length: 80 }, (_, i) =>
          login(apps[i % 2]!.url, i % 4 < 2 ? fresh() : accepted[i % accepted.length]!),
        ),
      );
    } finally {
      server.thaw();
    }
    expect(during.map((r) => `${r.status} ${r.code}`)).toEqual(Array(80).fill('503 REPLAY_STORE_UNAVAILABLE'));
    // Bounded by the store time-out, not by TCP or the pool's wait for a connection.
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(DEADLINE_MS);

    for (const app of apps) await recovered(app);
    for (const app of apps) {
      for (const sealed of accepted)
        expect(await login(app.url, sealed)).toMatchObject({ status: 409, code: 'EVENT_REPLAYED' });
    }
  });

  it('stopped and restarted under load: 503 while it is down, never a replay accepted, success again once it is back', async () => {
    const before = [fresh(), fresh()];
    for (const [i, sealed] of before.entries()) expect((await login(apps[i % 2]!.url, sealed)).status).toBe(200);

    interface Sent {
      sealed: string;
      status: number;
      code?: string;
      ms: number;
      startedAt: number;
      endedAt: number;
    }
    const sent: Sent[] = [];
    const seen = [...before];
    let running = true;
    // Five clients per app, one request every ~25 ms each: a third replay something already sent.
    const clients = apps.flatMap((app) =>
      Array.from({ length: 5 }, async (_, worker) => {
        for (let n = 0; running; n++) {
          const sealed = (n + worker) % 3 === 0 ? seen[Math.floor(Math.random() * seen.length)]! : fresh();
          seen.push(sealed);
          const startedAt = performance.now();
          const result = await login(app.url, sealed);
          sent.push({ sealed, ...result, startedAt, endedAt: performance.now() });
          await sleep(25);
        }
      }),
    );

    await sleep(500);
    await server.stop('fast');
    const downAt = performance.now();
    await sleep(1_500);
    const restartAt = performance.now();
    await server.start();
    await sleep(1_000);
    running = false;
    await Promise.all(clients);
    for (const app of apps) await recovered(app);

    const outcomes = new Set(sent.map((r) => `${r.status} ${r.code}`));
    expect(
      [...outcomes].filter((o) => !['200 undefined', '409 EVENT_REPLAYED', '503 REPLAY_STORE_UNAVAILABLE'].includes(o)),
    ).toEqual([]);
    // No sealed result accepted twice, over the whole run.
    const accepted = new Map<string, number>();
    for (const r of sent.filter((r) => r.status === 200)) accepted.set(r.sealed, (accepted.get(r.sealed) ?? 0) + 1);
    for (const sealed of before) expect(accepted.has(sealed)).toBe(false);
    expect([...accepted.values()].filter((count) => count > 1)).toEqual([]);
    // Every request made entirely while the server was down: 503 within the store time-out.
    const outage = sent.filter((r) => r.startedAt >= downAt && r.endedAt <= restartAt);
    expect(outage.length).toBeGreaterThan(20);
    expect(outage.filter((r) => r.status !== 503 || r.code !== 'REPLAY_STORE_UNAVAILABLE')).toEqual([]);
    expect(Math.max(...outage.map((r) => r.ms))).toBeLessThan(DEADLINE_MS);
    // Back without restarting the apps: claims made before the outage still hold.
    expect(sent.filter((r) => r.startedAt > restartAt + 500 && r.status === 200).length).toBeGreaterThan(0);
    for (const app of apps) {
      for (const sealed of before)
        expect(await login(app.url, sealed)).toMatchObject({ status: 409, code: 'EVENT_REPLAYED' });
    }
  }, 60_000);
});

describe('what a restart keeps', () => {
  /** Claims `key` in a logged and an UNLOGGED table, restarts the server with `mode`, claims again. */
  async function claimAcrossRestart(mode: 'fast' | 'immediate') {
    const tables = { logged: uniqueTable('logged'), unlogged: uniqueTable('unlogged') };
    const connect = () => {
      const pool = new pg.Pool({ connectionString: server.url, max: 2 });
      pool.on('error', () => {});
      return pool;
    };
    let pool = connect();
    const expires = Date.now() + 60_000;
    for (const [kind, table] of Object.entries(tables)) {
      const store = createPostgresReplayStore({ client: pool, table });
      await store.createSchema({ unlogged: kind === 'unlogged' });
      expect(await store.claim('claimed-before-restart', expires)).toBe(true);
    }
    await pool.end();
    await server.stop(mode);
    await server.start();
    pool = connect();
    try {
      const again = async (table: string) =>
        createPostgresReplayStore({ client: pool, table }).claim('claimed-before-restart', expires);
      return { logged: await again(tables.logged), unlogged: await again(tables.unlogged) };
    } finally {
      await pool.end();
    }
  }

  it('a clean shutdown keeps every claim, in logged and UNLOGGED tables', async () => {
    expect(await claimAcrossRestart('fast')).toEqual({ logged: false, unlogged: false });
  }, 60_000);

  it('a crash keeps the claims of a logged table, and empties an UNLOGGED one: its claims can be replayed', async () => {
    expect(await claimAcrossRestart('immediate')).toEqual({ logged: false, unlogged: true });
  }, 60_000);
});
