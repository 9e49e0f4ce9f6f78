/** One claim, whatever the deployment: attacks that made one credential count twice before the store owned the replay window. */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import express from 'express';
import pg from 'pg';
import { createClient } from 'redis';
import { type Duration, fingerprintGuard, fingerprintWebhook, type ReplayStore } from '@fingerprint-guard/express';
import { createPostgresReplayStore } from '@fingerprint-guard/postgres';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { listen, outcomeOf, send, type Listening } from './http-app.js';
import { processRows, REPLAYED, sleep, type OneClaimRow } from './one-claim-processes.js';
import { scanningLogger, type SecretScanner } from './secrets.js';

export type { OneClaimRow } from './one-claim-processes.js';

const WEBHOOK_SECRET = 'whsec_one_claim_0123456789abcdef';

/**
 * Every row at once (each waits past the claim a per-guard window would have given): two store
 * objects on one Redis keyspace and on one PostgreSQL table, a guard built on a later request, a
 * future-dated event, webhooks replayed with dropped sockets on two apps, and the process rows.
 * Redis and PostgreSQL rows run when they answer.
 */
export async function runOneClaim(
  scanner: SecretScanner,
  options: { redisUrl?: string; databaseUrl?: string } = {},
): Promise<OneClaimRow[]> {
  const key = generateKey();
  scanner.addSecret('one-claim key', key);
  scanner.addSecret('one-claim webhook secret', WEBHOOK_SECRET);
  const { logger } = scanningLogger(scanner);
  const redis = await connectRedis(options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const pool = await connectPostgres(
    options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  );
  const table = `fpg_reliability_oneclaim_${process.pid}_${randomUUID().slice(0, 8)}`;
  const servers: Listening[] = [];
  const serve = async (app: express.Express) => {
    const server = await listen(app);
    servers.push(server);
    return server.url;
  };
  const post = async (url: string, sealed?: string) => {
    const answer = await send(url, { headers: sealed ? { 'fingerprint-sealed-result': sealed } : {} });
    scanner.scan('one-claim response', answer.body);
    return outcomeOf(answer);
  };
  const ok = (_req: express.Request, res: express.Response) => void res.json({ ok: true });
  const guard = (maxAge: Duration, clockSkew: Duration, store?: ReplayStore) =>
    fingerprintGuard({ fingerprint: { keys: [key] }, maxAge, clockSkew, replay: store && { store }, logger });

  /** /login (maxAge 3 s) and /export (maxAge 10 min), each on its own store object; /export's guard built on `lazy` terms. */
  const twoRoutes = async (store: string, makeStore: (() => ReplayStore) | undefined, lazy: boolean) => {
    const scenario = lazy
      ? `a guard built on its route’s first request, with its own store object on the ${store === 'Redis' ? 'Redis keyspace' : 'table'} (maxAge 10 min), 4.2 s after the event a 3 s guard claimed`
      : `two store objects on one ${store === 'Redis' ? 'Redis keyspace' : 'PostgreSQL table'}: /login (maxAge 3 s) and /export (maxAge 10 min), 4.2 s after the event`;
    if (!makeStore) return notRun(scenario, store);
    const app = express();
    app.post('/login', guard('3s', '1s', makeStore()), ok);
    const exporting = () => guard('10m', '1s', makeStore());
    app.post('/export', lazy ? builtOnFirstRequest(exporting) : exporting(), ok);
    const base = await serve(app);
    // A second old: the first request has 2 s to be answered on a loaded machine.
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 1_000 }), key);
    const first = await post(`${base}/login`, sealed);
    // Past timestamp + maxAge + clockSkew of /login (4 s): a claim sized by its guard would be gone.
    await sleep(3_200);
    const second = await post(`${base}/export`, sealed);
    return row(scenario, store, `${first}, then ${second}`, second === REPLAYED);
  };

  /** An event dated 1.5 s ahead (inside clockSkew 2 s), claimed by a 1 s guard; a 1 min guard built before its timestamp. */
  const futureDated = async () => {
    const app = express();
    app.post('/login', guard('1s', '2s'), ok);
    app.post(
      '/export',
      builtOnFirstRequest(() => guard('1m', '2s')),
      ok,
    );
    const base = await serve(app);
    const sealed = sealEvent(createEvent({ timestamp: Date.now() + 1_500 }), key);
    const first = await post(`${base}/login`, sealed);
    const built = await post(`${base}/export`); // the later route's first request builds its guard
    // Past timestamp + maxAge + clockSkew of the 1 s guard (4.5 s from now).
    await sleep(4_700);
    const second = await post(`${base}/export`, sealed);
    return row(
      'an event dated 1.5 s ahead (clockSkew 2 s) claimed by a 1 s guard, presented 4.7 s later to a 1 min guard built on a later request',
      'memory',
      `${first} (guard built: ${built}), then ${second}`,
      second === REPLAYED,
    );
  };

  /** Two Express apps on one Redis keyspace; a captured delivery sent 10 times, alternately, each socket closed 20 ms in. */
  const webhooksDropped = async () => {
    const scenario =
      'a webhook delivery replayed 10 times to two apps on one Redis keyspace, each connection dropped 20 ms in (the handler takes 50 ms)';
    if (!redis) return notRun(scenario, 'Redis');
    const prefix = `fpg:one-claim:${randomUUID()}:`;
    let runs = 0;
    const app = () => {
      const hooks = express();
      const store = createRedisReplayStore({ client: redis, prefix });
      hooks.post(
        '/hook',
        fingerprintWebhook({ secret: WEBHOOK_SECRET, replay: { store }, logger }),
        async (_req, res) => {
          await sleep(50);
          runs++;
          res.sendStatus(204);
        },
      );
      return serve(hooks);
    };
    const urls = await Promise.all([app(), app()]);
    const body = JSON.stringify(createEvent());
    const headers = { 'content-type': 'application/json', 'fpjs-event-signature': signature(body) };
    for (let i = 0; i < 10; i++) {
      await deliverAndDrop(`${urls[i % 2]}/hook`, headers, body, 20);
      await sleep(60);
    }
    await sleep(100);
    const after = await Promise.all(urls.map((url) => send(`${url}/hook`, { headers, body })));
    const answers = after.map((a) => (a.body.includes('"duplicate":true') ? '200 duplicate' : outcomeOf(a)));
    return row(
      scenario,
      'Redis',
      `handler ran ${runs}×; then each app answers ${answers.join(', ')}`,
      runs === 1 && answers.every((a) => a === '200 duplicate'),
    );
  };

  const redisPrefix = `fpg:one-claim:${randomUUID()}:`;
  const redisStore = redis && (() => createRedisReplayStore({ client: redis, prefix: redisPrefix }));
  if (pool) await createPostgresReplayStore({ client: pool, table }).createSchema();
  const postgresStore = pool && (() => createPostgresReplayStore({ client: pool, table }));
  try {
    const rows = await Promise.all([
      twoRoutes('Redis', redisStore, false),
      twoRoutes('PostgreSQL', postgresStore, false),
      twoRoutes('Redis', redisStore, true),
      futureDated(),
      webhooksDropped(),
      processRows(
        key,
        redis ? (options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
        scanner,
      ),
    ]);
    return rows.flat();
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await redis?.quit();
    if (pool) {
      await pool.query(`DROP TABLE IF EXISTS "${table}"`);
      await pool.end();
    }
  }
}

/** A middleware built on its route's first request, as a route module loaded lazily builds its guard. */
function builtOnFirstRequest(build: () => express.RequestHandler): express.RequestHandler {
  let handler: express.RequestHandler | undefined;
  return (req, res, next) => {
    handler ??= build();
    return handler(req, res, next);
  };
}

function row(scenario: string, store: string, observed: string, held: boolean): OneClaimRow {
  return { scenario, store, observed, held, ran: true };
}

function notRun(scenario: string, store: string): OneClaimRow {
  return { scenario, store, observed: `not run: ${store} did not answer`, held: true, ran: false };
}

const signature = (body: string) => `v1=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;

/** Sends a delivery and closes its socket `afterMs` later, answered or not: a sender that hangs up. */
function deliverAndDrop(url: string, headers: Record<string, string>, body: string, afterMs: number) {
  return new Promise<void>((resolve) => {
    const request = httpRequest(url, { method: 'POST', headers });
    request.on('error', () => resolve());
    request.on('response', (response) => response.resume());
    request.end(body);
    setTimeout(() => {
      request.destroy();
      resolve();
    }, afterMs);
  });
}

async function connectRedis(url: string) {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } }).on(
    'error',
    () => {},
  );
  try {
    return await client.connect();
  } catch {
    return undefined;
  }
}

async function connectPostgres(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 1_000 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch {
    await pool.end().catch(() => {});
    return undefined;
  }
}
