import { createHmac } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createFakeCside, createFakeFingerprintApi, generateKey, type FakeCside, type FakeFingerprintApi } from '@fingerprint-guard/testing';
import { fingerprintGuard, fingerprintWebhook, type FingerprintRequest, type FingerprintWebhookRequest, type ReplayStore } from '../src/index.js';
import { serve, type Served } from './server.js';

let cside: FakeCside;
let api: FakeFingerprintApi;
let served: Served;
const received: string[] = [];
const secret = 'whsec_test_secret';

beforeAll(async () => {
  [cside, api] = await Promise.all([createFakeCside({ pendingRounds: 1 }), createFakeFingerprintApi()]);
  const app = express();
  app.post(
    '/checkout',
    express.json(),
    fingerprintGuard({
      fingerprint: { keys: [generateKey()], serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl } },
      cside: { apiKey: cside.apiKey, baseUrl: cside.url, retry: { baseDelayMs: 5 } },
      deny: { bot: true },
      logger: { warn() {}, error() {} },
    }),
    (req, res) => {
      const { fingerprint } = req as FingerprintRequest;
      res.json({ provider: fingerprint.provider, via: fingerprint.via, visitorId: fingerprint.visitorId });
    },
  );
  app.post('/webhooks/fingerprint', fingerprintWebhook({ secret }), (req, res) => {
    received.push((req as FingerprintWebhookRequest).fingerprintWebhookEvent.event_id);
    res.sendStatus(204);
  });
  app.post('/webhooks/after-json', express.json(), fingerprintWebhook({ secret }), (_req, res) => res.sendStatus(204));
  const failing: ReplayStore = { claim: () => Promise.reject(new Error('down')) };
  app.post('/webhooks/store-down', fingerprintWebhook({ secret, replay: { store: failing } }), (_req, res) => res.sendStatus(204));
  served = await serve(app);
});
afterAll(() => Promise.all([served.close(), cside.close(), api.close()]));

const checkout = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${served.url}/checkout`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }),
  );

describe('a cside-guarded Express route, end to end against the fake cside', () => {
  it('accepts the token the browser got from sendClientTelemetry, once', async () => {
    const token = cside.issueToken({ deviceId: 'dev_checkout' });
    expect(await checkout({ cside_token: token, cart: 'c-1' })).toEqual({
      status: 200,
      body: { provider: 'cside', via: 'cside', visitorId: 'dev_checkout' },
    });
    expect(await checkout({ cside_token: token })).toMatchObject({ status: 409, body: { error: { code: 'EVENT_REPLAYED' } } });
  });

  it('reads the cside-token header, and denies a detected bot', async () => {
    expect((await checkout({}, { 'cside-token': cside.issueToken() })).status).toBe(200);
    const bot = cside.issueToken({ evaluation: { bot: { result: 'detected', score: 0.99, signal: [] } } });
    expect(await checkout({}, { 'cside-token': bot })).toMatchObject({ status: 403, body: { error: { code: 'EVENT_DENIED' } } });
  });

  it('answers provider trouble with its status: unknown token 401, cside down 503', async () => {
    expect(await checkout({ cside_token: 'fake.unknown' })).toMatchObject({ status: 401, body: { error: { code: 'PROVIDER_REJECTED' } } });
    cside.failNext({ status: 503 }, { status: 503 }, { status: 503 });
    expect(await checkout({ cside_token: cside.issueToken() })).toMatchObject({ status: 503, body: { error: { code: 'PROVIDER_UNAVAILABLE' } } });
  });

  it('falls back to the Server API for an event_id', async () => {
    const event = createEvent();
    api.addEvent(event);
    expect(await checkout({ event_id: event.event_id })).toMatchObject({ status: 200, body: { provider: 'fingerprint', via: 'server-api' } });
    expect((await checkout({ event_id: event.event_id })).status).toBe(409);
  });
});

describe('fingerprintWebhook', () => {
  const deliver = (path: string, body: string, signature: string | undefined, contentType = 'application/json') =>
    fetch(`${served.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(signature === undefined ? {} : { 'fpjs-event-signature': signature }) },
      body,
    });
  const sign = (body: string, key = secret) => `v1=${createHmac('sha256', key).update(body).digest('hex')}`;

  it('verifies, parses and hands on a signed event; a second delivery is acknowledged as a duplicate', async () => {
    const event = createEvent();
    const body = JSON.stringify(event);
    expect((await deliver('/webhooks/fingerprint', body, sign(body))).status).toBe(204);
    expect(received).toContain(event.event_id);
    const again = await deliver('/webhooks/fingerprint', body, sign(body));
    expect([again.status, await again.json()]).toEqual([200, { received: true, duplicate: true }]);
    expect(received.filter((id) => id === event.event_id)).toHaveLength(1);
  });

  it('rejects a wrong or missing signature with 401 WEBHOOK_SIGNATURE_INVALID', async () => {
    const body = JSON.stringify(createEvent());
    for (const signature of [sign(body, 'other-secret'), undefined, 'v2=abc', sign(`${body} `)]) {
      const response = await deliver('/webhooks/fingerprint', body, signature);
      expect([response.status, ((await response.json()) as any).error.code]).toEqual([401, 'WEBHOOK_SIGNATURE_INVALID']);
    }
  });

  it('rejects a signed body that is not a v4 event with 400', async () => {
    const body = '{"products":{}}';
    const response = await deliver('/webhooks/fingerprint', body, sign(body));
    expect([response.status, ((await response.json()) as any).error.code]).toEqual([400, 'SEALED_RESULT_INVALID_PAYLOAD']);
  });

  it('reads any content type as raw bytes, and refuses an oversized body with 413', async () => {
    const event = createEvent();
    const body = JSON.stringify(event);
    expect((await deliver('/webhooks/fingerprint', body, sign(body), 'text/plain')).status).toBe(204);
    const huge = JSON.stringify(createEvent({ tags: { pad: 'x'.repeat(1_100_000) } }));
    expect((await deliver('/webhooks/fingerprint', huge, sign(huge))).status).toBe(413);
  });

  it('says it needs the raw body when express.json() ran first', async () => {
    const body = JSON.stringify(createEvent());
    expect((await deliver('/webhooks/after-json', body, sign(body))).status).toBe(500);
  });

  it('answers 503 when its store fails, so that the provider delivers again', async () => {
    const body = JSON.stringify(createEvent());
    expect((await deliver('/webhooks/store-down', body, sign(body))).status).toBe(503);
  });
});
