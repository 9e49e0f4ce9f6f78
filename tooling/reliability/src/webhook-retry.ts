/** Webhook deliveries that fail, are retried, dropped, redelivered while processed, captured, replayed after a restart, or meet a broken store: every adapter, real HTTP. */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { MemoryReplayStore, type FingerprintEvent, type WebhookReceiverOptions } from '@fingerprint-guard/core';
import { createEvent } from '@fingerprint-guard/testing';
import { outcomeOf, send } from './http-app.js';
import { scanningLogger, type SecretScanner } from './secrets.js';
import { brokenStores, sharedStore } from './webhook-stores.js';
import { WEBHOOK_APPS, type Action, type Handle, type WebhookApp } from './webhook-apps.js';

export const WEBHOOK_SECRET = 'whsec_reliability_0123456789abcdef';

export interface WebhookRow {
  scenario: string;
  /** Per adapter: the answers in the order the deliveries were sent, then how many times the handler completed its work. */
  cells: Record<string, string>;
  /** Adapters whose answers were not the expected ones: must be empty. */
  failed: string[];
}

export interface WebhookReport {
  adapters: string[];
  rows: WebhookRow[];
  /** Where the restart scenario's shared store lived. */
  sharedStore: string;
  unexpected: number;
}

/** One run of the handler for an event: what it answers, after waiting `waitMs` or for `gate`. */
interface Step {
  action: Action;
  waitMs?: number;
  gate?: Promise<unknown>;
  onStart?: () => void;
  onEnd?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export async function runWebhookRetry(options: { scanner: SecretScanner; redisUrl?: string }): Promise<WebhookReport> {
  const { scanner } = options;
  const { logger } = scanningLogger(scanner);
  const shared = await sharedStore(options.redisUrl);
  const rows = new Map<string, WebhookRow>();
  let unexpected = 0;

  for (const [adapter, startApp] of Object.entries(WEBHOOK_APPS)) {
    /** Per event id: its next runs (then plain 'ok'), and how many runs completed their work. */
    const plans = new Map<string, Step[]>();
    const completed = new Map<string, number>();
    const handle: Handle = async (event) => {
      const step = plans.get(event.event_id)?.shift() ?? { action: 'ok' };
      step.onStart?.();
      if (step.waitMs) await sleep(step.waitMs);
      await step.gate;
      if (step.action === 'ok') completed.set(event.event_id, (completed.get(event.event_id) ?? 0) + 1);
      setImmediate(() => step.onEnd?.());
      return step.action;
    };
    const apps: WebhookApp[] = [];
    const start = async (extra: Partial<WebhookReceiverOptions> = {}) => {
      const app = await startApp(
        { secret: WEBHOOK_SECRET, logger, replay: { store: new MemoryReplayStore() }, ...extra },
        handle,
      );
      apps.push(app);
      return app;
    };
    // Scenarios with a memory store of their own share one app: each has its own event.
    const app = await start();
    const signed = (event: FingerprintEvent) => {
      const body = JSON.stringify(event);
      return { body, signature: `v1=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}` };
    };
    const label = (status: number, body: string, code?: string) => {
      scanner.scan(`${adapter} webhook response`, body);
      if (status === 200 && body.includes('"duplicate":true')) return '200 duplicate';
      return outcomeOf({ status, body, code, millis: 0 });
    };
    const deliver = async (to: WebhookApp, event: FingerprintEvent) => {
      const { body, signature } = signed(event);
      const answer = await send(`${to.url}/hook`, {
        headers: { 'content-type': 'application/json', 'fpjs-event-signature': signature },
        body,
      });
      return label(answer.status, answer.body, answer.code);
    };
    /** Sends a delivery and destroys its socket when `drop` settles (or `afterMs` passed): what a sender that hangs up does. */
    const deliverAndDrop = (to: WebhookApp, event: FingerprintEvent, drop: Promise<unknown>) =>
      new Promise<string>((resolve) => {
        const { body, signature } = signed(event);
        const request = httpRequest(`${to.url}/hook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'fpjs-event-signature': signature },
        });
        request.on('error', () => resolve('dropped'));
        request.on('response', (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve(label(response.statusCode ?? 0, text)));
          response.on('error', () => resolve('dropped'));
        });
        request.end(body);
        void drop.then(() => {
          request.destroy();
          resolve('dropped');
        });
      });
    /** Records one scenario: its answers, ` · ran N×` (handler runs that completed), and whether that is what it must be. */
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

    for (const failure of ['throw', '5xx'] as const) {
      const event = createEvent();
      plans.set(event.event_id, [{ action: failure }]);
      const answers = [await deliver(app, event), await deliver(app, event), await deliver(app, event)];
      record(
        `the handler ${failure === 'throw' ? 'throws' : 'answers 503'}, then Fingerprint retries (twice)`,
        answers,
        event,
        `${failure === 'throw' ? '500' : '503'} → 204 → 200 duplicate · ran 1×`,
      );
    }
    for (const outcome of ['ok', 'throw'] as const) {
      // A redelivery sent while the first delivery's handler runs (it waits until that redelivery was answered).
      const event = createEvent();
      const [started, answered] = [deferred(), deferred()];
      plans.set(event.event_id, [{ action: outcome, onStart: started.resolve, gate: answered.promise }]);
      const first = deliver(app, event);
      await Promise.race([started.promise, first]);
      const during = await deliver(app, event);
      answered.resolve();
      const answers = [await first, during, await deliver(app, event)];
      record(
        outcome === 'ok'
          ? 'a redelivery while the handler runs; then it succeeds, and another redelivery'
          : 'a redelivery while the handler runs; then it throws, and Fingerprint retries',
        answers,
        event,
        `${outcome === 'ok' ? '204' : '500'} → 409 WEBHOOK_IN_PROGRESS → ${outcome === 'ok' ? '200 duplicate' : '204'} · ran 1×`,
      );
    }
    for (const outcome of ['ok', 'throw'] as const) {
      // The sender hangs up while the handler runs; the handler then finishes, and Fingerprint retries.
      const event = createEvent();
      const [started, dropped, ended] = [deferred(), deferred(), deferred()];
      plans.set(event.event_id, [
        { action: outcome, onStart: started.resolve, gate: dropped.promise, onEnd: ended.resolve },
      ]);
      const first = await deliverAndDrop(
        app,
        event,
        started.promise.then(() => sleep(10)),
      );
      // The handler goes on once the server has seen the connection close.
      await sleep(50);
      dropped.resolve();
      await Promise.race([ended.promise, sleep(5_000)]);
      await sleep(50);
      record(
        `the connection drops while the handler runs; then it ${outcome === 'ok' ? 'succeeds' : 'throws'}, and Fingerprint retries`,
        [first, await deliver(app, event)],
        event,
        `dropped → ${outcome === 'ok' ? '200 duplicate' : '204'} · ran 1×`,
      );
    }
    {
      // A captured delivery replayed 10 times, each connection closed 20 ms in; the handler takes 50 ms.
      const event = createEvent();
      plans.set(
        event.event_id,
        Array.from({ length: 10 }, () => ({ action: 'ok' as const, waitMs: 50 })),
      );
      for (let i = 0; i < 10; i++) {
        await deliverAndDrop(app, event, sleep(20));
        await sleep(60);
      }
      await sleep(100);
      record(
        'a captured delivery replayed 10 times, each connection dropped 20 ms in (the handler takes 50 ms)',
        ['10 × dropped', await deliver(app, event)],
        event,
        '10 × dropped → 200 duplicate · ran 1×',
      );
    }
    {
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
      record(
        'restarted: a fresh memory store, a delivery older than maxAge (16 min; default 14 min)',
        [await deliver(await start(), event)],
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
      record(
        'restarted: a fresh memory store, a delivery within maxAge (expected: run again)',
        [first, await deliver(await start(), event)],
        event,
        '204 → 204 · ran 2×',
      );
    }
    for (const [name, store] of brokenStores()) {
      const event = createEvent();
      record(
        name,
        [await deliver(await start({ replay: { store } }), event)],
        event,
        '503 REPLAY_STORE_UNAVAILABLE · ran 0×',
      );
    }
    await Promise.all(apps.map((started) => started.close()));
  }
  await shared.close();
  return { adapters: Object.keys(WEBHOOK_APPS), rows: [...rows.values()], sharedStore: shared.name, unexpected };
}
