// One claim per application over real HTTP: two routes with their own store objects on one table, and a store that cannot work.
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { fingerprintGuard } from '@fingerprint-guard/express';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { createPostgresReplayStore } from '../src/index.js';
import { uniqueTable } from './postgres-servers.js';

const key = generateKey();
const url = inject('databaseUrl');
const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => {});
const table = uniqueTable('oneclaim');
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
  await pool.query(`DROP TABLE IF EXISTS "${table}"`);
  await pool.end();
});

async function serve(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = async (url: string, sealed: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'fingerprint-sealed-result': sealed } });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
};

describe('PostgreSQL: one claim per application, whatever builds the store', () => {
  it('/login (maxAge 2 s) and /export (maxAge 10 min), each with its own store object on one table: accepted once', async () => {
    const login = createPostgresReplayStore({ client: pool, table });
    await login.createSchema();
    const exporting = createPostgresReplayStore({ client: pool, table });
    const quiet = { warn() {}, error() {} };
    const app = express();
    app.post(
      '/login',
      fingerprintGuard({
        fingerprint: { keys: [key] },
        maxAge: '2s',
        clockSkew: '1s',
        replay: { store: login },
        logger: quiet,
      }),
      (_req, res) => res.json({ ok: true }),
    );
    app.post(
      '/export',
      fingerprintGuard({
        fingerprint: { keys: [key] },
        maxAge: '10m',
        clockSkew: '1s',
        replay: { store: exporting },
        logger: quiet,
      }),
      (_req, res) => res.json({ ok: true }),
    );
    const base = await serve(app);
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 1_500 }), key);
    expect((await post(`${base}/login`, sealed)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await post(`${base}/export`, sealed)).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
  });

  it('a table that does not exist: every request a bare 503, the cause logged once at error through the guard’s logger', async () => {
    const errors: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger = {
      warn() {},
      error: (message: string, details?: Record<string, unknown>) => void errors.push([message, details]),
    };
    const store = createPostgresReplayStore({ client: pool, table: uniqueTable('missing') });
    const app = express();
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store }, logger }), (_req, res) =>
      res.json({ ok: true }),
    );
    const base = await serve(app);
    for (let i = 0; i < 3; i++) {
      const answer = await post(`${base}/login`, sealEvent(createEvent(), key));
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } } });
      expect(answer.body.error!.message).not.toContain('does not exist');
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toContain('42P01');
    expect(errors[0]![0]).toContain('does not exist');
    expect(errors[0]![0]).toContain('createSchema()');
    expect(errors[0]![1]).toMatchObject({ event: 'store-failed', kind: '42P01' });
  });
});
