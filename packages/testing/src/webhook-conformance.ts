/** One table of webhook scenarios that every adapter's `fingerprintWebhook` runs through real HTTP. */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  MemoryReplayStore,
  type FingerprintEvent,
  type ReplayStore,
  type WebhookEventV3,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent } from './event.js';
import { createWebhookEventV3 } from './event-v3.js';

/** A webhook event as handlers receive it: a v4 event, or a legacy (v3) one; `format` says which. */
type AnyWebhookEvent = FingerprintEvent | WebhookEventV3;

/**
 * Starts an app whose route at `url` is `fingerprintWebhook(options)` followed by a handler that
 * awaits `handle(event)` and answers 204; when `handle` throws or rejects, the handler lets the
 * error take the framework's own error path (Express `next(error)`, a Koa throw, a Next handler
 * that rejects).
 */
export type StartWebhookApp = (
  options: WebhookReceiverOptions,
  handle: (event: AnyWebhookEvent) => void | Promise<void>,
) => Promise<{ url: string; close(): Promise<void> }>;

const quiet = { warn() {}, error() {} };

/**
 * Registers the webhook scenario table for one adapter: signature (and a list of secrets during a
 * rotation), body limits, payload shape,
 * age window, duplicates, a failing handler whose retry is processed, failing or full stores,
 * and legacy (v3) webhooks with `formats: ['v4', 'v3']`.
 *
 * @example
 * webhookConformance('Express 5', async (options, handle) => {
 *   const app = express();
 *   app.post('/hook', fingerprintWebhook(options), (req, res) => { handle(req.fingerprintWebhookEvent!); res.sendStatus(204); });
 *   ...listen on 127.0.0.1 and return { url, close }
 * });
 */
export function webhookConformance(name: string, startApp: StartWebhookApp): void {
  const secret = 'whsec_conformance';
  const handled: string[] = [];
  const formatsSeen = new Map<string, string>();
  const failOnce = new Set<string>();
  /** Events whose handling takes this long (ms), as a slow database write would. */
  const slow = new Map<string, number>();
  const apps: Array<{ close(): Promise<void> }> = [];
  const handle = async (event: AnyWebhookEvent) => {
    const format = (event as { format?: unknown }).format;
    const id = format === 'v3' ? (event as WebhookEventV3).requestId : (event as FingerprintEvent).event_id;
    const delay = slow.get(id);
    if (delay !== undefined) await sleep(delay);
    if (failOnce.delete(id)) throw new Error('the handler failed this time');
    handled.push(id);
    formatsSeen.set(id, String(format));
  };
  const start = async (options: Partial<WebhookReceiverOptions> = {}) => {
    const app = await startApp(
      { secret, logger: quiet, replay: { store: new MemoryReplayStore() }, ...options },
      handle,
    );
    apps.push(app);
    return app;
  };
  const sign = (body: string, key = secret) => `v1=${createHmac('sha256', key).update(body).digest('hex')}`;
  /** `signature` null sends no signature header. */
  const deliver = async (url: string, body: string, signature: string | null = sign(body)) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'fpjs-event-signature': signature }),
      },
      body,
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, body: json, contentType: response.headers.get('content-type') ?? '' };
  };
  /** Sends a signed delivery and hangs up `afterMs` later, before the answer: a dropped connection. */
  const deliverAndHangUp = (url: string, body: string, afterMs: number) =>
    new Promise<void>((resolve) => {
      const request = httpRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'fpjs-event-signature': sign(body) },
      });
      request.on('error', () => resolve());
      request.on('response', (response) => {
        response.resume();
        response.on('end', resolve);
      });
      request.end(body);
      setTimeout(() => {
        request.destroy();
        resolve();
      }, afterMs);
    });
  const eventBody = (overrides: Partial<FingerprintEvent> = {}) => {
    const event = createEvent(overrides);
    return { event, body: JSON.stringify(event) };
  };

  describe(`webhook scenarios: ${name}`, () => {
    afterAll(() => Promise.all(apps.splice(0).map((app) => app.close())));

    it('runs the handler for a signed event once; a repeated delivery is 200 duplicate', async () => {
      const app = await start();
      const { event, body } = eventBody();
      expect((await deliver(app.url, body)).status).toBe(204);
      expect(await deliver(app.url, body)).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
      expect(handled.filter((id) => id === event.event_id)).toHaveLength(1);
    });

    it('refuses a wrong, missing or other-version signature: 401 WEBHOOK_SIGNATURE_INVALID', async () => {
      const app = await start();
      const { body } = eventBody();
      for (const signature of [sign(body, 'another-secret'), null, 'v2=abc', sign(`${body} `)]) {
        expect(await deliver(app.url, body, signature)).toMatchObject({
          status: 401,
          body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } },
        });
      }
    });

    it('takes a list of secrets during a rotation: either one’s delivery runs once, any other is refused', async () => {
      const app = await start({ secret: ['whsec_rotated', secret] });
      for (const key of ['whsec_rotated', secret]) {
        const { event, body } = eventBody();
        expect((await deliver(app.url, body, sign(body, key))).status).toBe(204);
        expect(await deliver(app.url, body, sign(body, key))).toMatchObject({ status: 200, body: { duplicate: true } });
        expect(handled.filter((id) => id === event.event_id)).toHaveLength(1);
      }
      const retired = eventBody().body;
      expect((await deliver(app.url, retired, sign(retired, 'whsec_retired'))).status).toBe(401);
    });

    it('refuses a signed body that is not a v4 event: 400', async () => {
      const app = await start();
      expect(await deliver(app.url, '{"products":{}}')).toMatchObject({
        status: 400,
        body: { error: { code: 'SEALED_RESULT_INVALID_PAYLOAD' } },
      });
    });

    it('refuses a body over maxBodyBytes: 413 WEBHOOK_BODY_TOO_LARGE', async () => {
      const app = await start({ maxBodyBytes: 20_000 });
      const { body } = eventBody({ tags: { pad: 'x'.repeat(30_000) } });
      expect(await deliver(app.url, body)).toMatchObject({
        status: 413,
        body: { error: { code: 'WEBHOOK_BODY_TOO_LARGE' } },
      });
    });

    it('refuses a captured delivery older than maxAge without running the handler: 401 EVENT_EXPIRED', async () => {
      const app = await start();
      const { event, body } = eventBody({ timestamp: Date.now() - 365 * 86_400_000 });
      expect(await deliver(app.url, body)).toMatchObject({ status: 401, body: { error: { code: 'EVENT_EXPIRED' } } });
      expect(handled).not.toContain(event.event_id);
    });

    it('gives the claim back when the handler fails, so the provider’s retry is processed', async () => {
      const app = await start();
      const { event, body } = eventBody();
      failOnce.add(event.event_id);
      expect((await deliver(app.url, body)).status).toBeGreaterThanOrEqual(500);
      expect(handled).not.toContain(event.event_id);
      expect((await deliver(app.url, body)).status).toBe(204);
      expect(handled).toContain(event.event_id);
      expect((await deliver(app.url, body)).status).toBe(200);
    });

    it('a redelivery while the handler runs is 409 WEBHOOK_IN_PROGRESS (so the sender retries); once it succeeded, 200 duplicate', async () => {
      const app = await start();
      const { event, body } = eventBody();
      slow.set(event.event_id, 300);
      const first = deliver(app.url, body);
      await sleep(100);
      expect(await deliver(app.url, body)).toMatchObject({
        status: 409,
        body: { error: { code: 'WEBHOOK_IN_PROGRESS' } },
      });
      expect((await first).status).toBe(204);
      expect(await deliver(app.url, body)).toMatchObject({ status: 200, body: { duplicate: true } });
      expect(handled.filter((id) => id === event.event_id)).toHaveLength(1);
    });

    it('a delivery replayed 10 times, each connection dropped while the handler runs, runs the handler once', async () => {
      const app = await start();
      const { event, body } = eventBody();
      slow.set(event.event_id, 50);
      for (let i = 0; i < 10; i++) {
        await deliverAndHangUp(app.url, body, 20);
        await sleep(60);
      }
      expect(handled.filter((id) => id === event.event_id)).toHaveLength(1);
      expect(await deliver(app.url, body)).toMatchObject({ status: 200, body: { duplicate: true } });
    });

    it('a store that throws, rejects, is full or closed answers 503 REPLAY_STORE_UNAVAILABLE as JSON, never a 500', async () => {
      const full = new MemoryReplayStore({ maxEntries: 1 });
      full.claim('occupied', Date.now() + 3_600_000);
      const closed = new MemoryReplayStore();
      closed.close();
      const stores: ReplayStore[] = [
        {
          claim: () => {
            throw new Error('sync failure');
          },
        },
        { claim: () => Promise.reject(new Error('connection refused')) },
        full,
        closed,
      ];
      for (const store of stores) {
        const app = await start({ replay: { store } });
        const answer = await deliver(app.url, eventBody().body);
        expect(answer).toMatchObject({ status: 503, body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } } });
        expect(answer.contentType).toContain('application/json');
      }
    });

    const legacyBody = (overrides: Partial<FingerprintEvent> = {}) => {
      const event = createWebhookEventV3(overrides);
      return { id: event.requestId, body: JSON.stringify(event) };
    };
    // The kit checks legacy webhooks whatever formats the app under test declares for its types.
    const bothFormats = { formats: ['v4', 'v3'] } as unknown as Partial<WebhookReceiverOptions>;

    it('legacy (v3) webhook with formats [v4, v3]: the handler runs once with format v3; a repeat is 200 duplicate', async () => {
      const app = await start(bothFormats);
      const { id, body } = legacyBody();
      expect((await deliver(app.url, body)).status).toBe(204);
      expect(formatsSeen.get(id)).toBe('v3');
      expect(await deliver(app.url, body)).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
      expect(handled.filter((handledId) => handledId === id)).toHaveLength(1);
      const v4 = eventBody();
      expect((await deliver(app.url, v4.body)).status).toBe(204);
      expect(formatsSeen.get(v4.event.event_id)).toBe('v4');
    });

    it('a legacy webhook to a v4-only receiver is 400 SEALED_RESULT_INVALID_PAYLOAD naming v3 and formats', async () => {
      const app = await start();
      const { id, body } = legacyBody();
      const answer = await deliver(app.url, body);
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'SEALED_RESULT_INVALID_PAYLOAD' } } });
      expect(answer.body.error.message).toMatch(/v3/);
      expect(answer.body.error.message).toMatch(/formats/);
      expect(handled).not.toContain(id);
    });

    it('refuses a captured legacy delivery older than maxAge without running the handler: 401 EVENT_EXPIRED', async () => {
      const app = await start(bothFormats);
      const { id, body } = legacyBody({ timestamp: Date.now() - 365 * 86_400_000 });
      expect(await deliver(app.url, body)).toMatchObject({ status: 401, body: { error: { code: 'EVENT_EXPIRED' } } });
      expect(handled).not.toContain(id);
    });

    it('refuses a wrongly signed legacy webhook: 401 WEBHOOK_SIGNATURE_INVALID', async () => {
      const app = await start(bothFormats);
      const { body } = legacyBody();
      expect(await deliver(app.url, body, sign(body, 'another-secret'))).toMatchObject({
        status: 401,
        body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } },
      });
    });

    it('gives a legacy delivery’s claim back when the handler fails, so the retry is processed', async () => {
      const app = await start(bothFormats);
      const { id, body } = legacyBody();
      failOnce.add(id);
      expect((await deliver(app.url, body)).status).toBeGreaterThanOrEqual(500);
      expect((await deliver(app.url, body)).status).toBe(204);
      expect(handled.filter((handledId) => handledId === id)).toHaveLength(1);
    });

    it('one identification delivered as v4 and as a legacy webhook runs the handler once', async () => {
      const app = await start(bothFormats);
      const { event, body } = eventBody();
      const legacy = JSON.stringify({
        ...createWebhookEventV3(),
        requestId: event.event_id,
        timestamp: event.timestamp,
      });
      expect((await deliver(app.url, body)).status).toBe(204);
      expect(await deliver(app.url, legacy)).toMatchObject({ status: 200, body: { duplicate: true } });
      expect(handled.filter((id) => id === event.event_id)).toHaveLength(1);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
