/** Webhook deliveries that fail, are retried, captured, replayed after a restart, or meet a broken store: per adapter, through real HTTP. */
import { createHmac, randomUUID } from 'node:crypto';
import Koa from 'koa';
import express from 'express';
import { createClient } from 'redis';
import {
  MemoryReplayStore,
  type FingerprintEvent,
  type ReplayStore,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import { fingerprintWebhook as expressWebhook, type FingerprintWebhookRequest } from '@fingerprint-guard/express';
import { fingerprintWebhook as koaWebhook } from '@fingerprint-guard/koa';
import { fingerprintWebhook as nextWebhook } from '@fingerprint-guard/next';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { createEvent } from '@fingerprint-guard/testing';
import { listen, nextRoute, outcomeOf, send, type Listening } from './http-app.js';
import { scanningLogger, type SecretScanner } from './secrets.js';

export const WEBHOOK_SECRET = 'whsec_reliability_0123456789abcdef';

/** What the handler does on one run: answer 204, throw, answer 503; `slow` first waits 300 ms. */
type Action = 'ok' | 'throw' | '5xx' | 'slow-ok' | 'slow-throw';
type Handle = (event: FingerprintEvent) => Promise<Action>;
type StartApp = (options: WebhookReceiverOptions, handle: Handle) => Promise<Listening>;

export interface WebhookRow {
  scenario: string;
  /** The answers in order, with how many times the handler completed its work for the event. */
  cells: Record<string, string>;
  /** Adapters whose answers were not the expected ones: must be empty. */
  failed: string[];
}

export interface WebhookReport {
  rows: WebhookRow[];
  /** Where the restart scenario's shared store lived. */
  sharedStore: string;
  unexpected: number;
}

const ADAPTERS: Record<string, StartApp> = {
  'Express 5': async (options, handle) => {
    const app = express();
    app.post('/hook', expressWebhook(options), async (req, res) => {
      const action = await handle((req as FingerprintWebhookRequest).fingerprintWebhookEvent);
      if (action.endsWith('throw')) throw new Error('the handler failed'); // Express 5: next(error)
      if (action === '5xx') return void res.status(503).json({ error: 'try again later' });
      res.sendStatus(204);
    });
    app.use(
      ((_error, _req, res, _next) =>
        void res.status(500).json({ error: 'handler failed' })) as express.ErrorRequestHandler,
    );
    return listen(app);
  },
  'Koa 3': async (options, handle) => {
    const app = new Koa();
    app.silent = true;
    app.use(koaWebhook(options));
    app.use(async (ctx) => {
      const action = await handle(ctx.state.fingerprintWebhookEvent!);
      if (action.endsWith('throw')) throw new Error('the handler failed');
      if (action === '5xx') {
        ctx.status = 503;
        ctx.body = { error: 'try again later' };
      } else ctx.status = 204;
    });
    return listen(app.callback());
  },
  'Next route handler': async (options, handle) =>
    listen(
      nextRoute(
        nextWebhook(options, async (event) => {
          const action = await handle(event);
          if (action.endsWith('throw')) throw new Error('the handler failed');
          if (action === '5xx') return Response.json({ error: 'try again later' }, { status: 503 });
          return new Response(null, { status: 204 });
        }),
      ),
    ),
};

export async function runWebhookRetry(options: { scanner: SecretScanner; redisUrl?: string }): Promise<WebhookReport> {
  const { scanner } = options;
  const { logger } = scanningLogger(scanner);
  const shared = await sharedStore(options.redisUrl);
  const rows = new Map<string, WebhookRow>();
  let unexpected = 0;

  for (const [adapter, startApp] of Object.entries(ADAPTERS)) {
    /** Per event id: the actions of its next runs (then 'ok'), and how many runs completed. */
    const plans = new Map<string, Action[]>();
    const completed = new Map<string, number>();
    const handle: Handle = async (event) => {
      const action = plans.get(event.event_id)?.shift() ?? 'ok';
      if (action.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, 300));
      if (action.endsWith('ok')) completed.set(event.event_id, (completed.get(event.event_id) ?? 0) + 1);
      return action;
    };
    const apps: Listening[] = [];
    const start = async (extra: Partial<WebhookReceiverOptions> = {}) => {
      const app = await startApp(
        { secret: WEBHOOK_SECRET, logger, replay: { store: new MemoryReplayStore() }, ...extra },
        handle,
      );
      apps.push(app);
      return app;
    };
    const deliver = async (app: Listening, event: FingerprintEvent, dropAfterMs?: number) => {
      const body = JSON.stringify(event);
      const signature = `v1=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
      const drop = new AbortController();
      if (dropAfterMs !== undefined) setTimeout(() => drop.abort(), dropAfterMs);
      const answer = await send(`${app.url}/hook`, {
        headers: { 'content-type': 'application/json', 'fpjs-event-signature': signature },
        body,
        signal: drop.signal,
      });
      scanner.scan(`${adapter} webhook response`, answer.body);
      const duplicate = answer.status === 200 && answer.body.includes('"duplicate":true');
      return answer.status === 0 ? 'dropped' : duplicate ? '200 duplicate' : outcomeOf(answer);
    };
    /** Runs one scenario: its answers, ` · ran N×` (handler runs that completed), and whether that is what it must be. */
    const record = (scenario: string, answers: string[], event: FingerprintEvent, expected: string) => {
      const cell = `${answers.join(' → ')} · ran ${completed.get(event.event_id) ?? 0}×`;
      const row = rows.get(scenario) ?? { scenario, cells: {}, failed: [] };
      row.cells[adapter] = cell;
      if (cell !== expected) {
        row.failed.push(adapter);
        unexpected++;
      }
      rows.set(scenario, row);
    };
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    for (const failure of ['throw', '5xx'] as const) {
      const app = await start();
      const event = createEvent();
      plans.set(event.event_id, [failure]);
      const answers = [await deliver(app, event), await deliver(app, event), await deliver(app, event)];
      const first = failure === 'throw' ? '500' : '503';
      record(
        failure === 'throw'
          ? 'the handler throws, then Fingerprint retries (twice)'
          : 'the handler answers 503, then Fingerprint retries (twice)',
        answers,
        event,
        `${first} → 204 → 200 duplicate · ran 1×`,
      );
    }
    {
      const app = await start();
      const event = createEvent({ timestamp: Date.now() - 365 * 86_400_000 });
      record(
        'a year-old captured delivery, replayed',
        [await deliver(app, event)],
        event,
        '401 EVENT_EXPIRED · ran 0×',
      );
    }
    {
      const event = createEvent();
      const before = await start({ replay: { store: shared.store } });
      const first = await deliver(before, event);
      await before.close();
      const after = await start({ replay: { store: shared.store } });
      record(
        `restarted: a new app on the same shared store (${shared.name})`,
        [first, await deliver(after, event)],
        event,
        '204 → 200 duplicate · ran 1×',
      );
    }
    {
      const event = createEvent({ timestamp: Date.now() - 16 * 60_000 });
      const after = await start();
      record(
        'restarted: a fresh memory store, a delivery older than maxAge (16 min)',
        [await deliver(after, event)],
        event,
        '401 EVENT_EXPIRED · ran 0×',
      );
    }
    {
      // What a per-process memory store cannot know: the README's answer is a shared store.
      const event = createEvent();
      const before = await start();
      const first = await deliver(before, event);
      await before.close();
      const after = await start();
      record(
        'restarted: a fresh memory store, a delivery within maxAge (expected: run again)',
        [first, await deliver(after, event)],
        event,
        '204 → 204 · ran 2×',
      );
    }
    {
      const app = await start();
      const event = createEvent();
      plans.set(event.event_id, ['slow-throw']);
      const first = await deliver(app, event, 100);
      await wait(400);
      record(
        'the connection drops, then the handler throws; Fingerprint retries',
        [first, await deliver(app, event)],
        event,
        'dropped → 204 · ran 1×',
      );
    }
    {
      const app = await start();
      const event = createEvent();
      plans.set(event.event_id, ['slow-ok']);
      const first = await deliver(app, event, 100);
      await wait(400);
      const answers = [first, await deliver(app, event)];
      // Express documents a dropped connection as a failure (the claim is given back); Koa and Next do not.
      record(
        'the connection drops, then the handler succeeds; Fingerprint retries',
        answers,
        event,
        adapter === 'Express 5' ? 'dropped → 204 · ran 2×' : 'dropped → 200 duplicate · ran 1×',
      );
    }
    const fullStore = new MemoryReplayStore({ maxEntries: 1 });
    fullStore.claim('occupied', Date.now() + 3_600_000);
    const broken: Array<[string, ReplayStore]> = [
      [
        'a store that throws',
        {
          claim: () => {
            throw new Error('sync failure');
          },
        },
      ],
      ['a store that rejects', { claim: () => Promise.reject(new Error('connection refused')) }],
      ['a full memory store', fullStore],
    ];
    for (const [name, store] of broken) {
      const app = await start({ replay: { store } });
      const event = createEvent();
      record(name, [await deliver(app, event)], event, '503 REPLAY_STORE_UNAVAILABLE · ran 0×');
    }
    await Promise.all(apps.map((app) => app.close()));
  }
  await shared.close();
  return { rows: [...rows.values()], sharedStore: shared.name, unexpected };
}

/** Redis when it answers (what "shared" means in production), else one memory store both apps use. */
async function sharedStore(
  redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
): Promise<{ name: string; store: ReplayStore; close(): Promise<void> }> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 1_000, reconnectStrategy: false } }).on(
    'error',
    () => {},
  );
  try {
    await client.connect();
    return {
      name: 'Redis',
      store: createRedisReplayStore({ client, prefix: `fpg:webhook-retry:${randomUUID()}:` }),
      close: async () => void (await client.quit()),
    };
  } catch {
    return {
      name: 'one memory store for both apps: Redis did not answer',
      store: new MemoryReplayStore(),
      close: async () => {},
    };
  }
}
