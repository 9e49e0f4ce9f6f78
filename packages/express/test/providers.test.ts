import { createHmac } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  createFakeCside,
  createFakeFingerprintApi,
  generateKey,
  type FakeCside,
  type FakeFingerprintApi,
} from '@fingerprint-guard/testing';
import {
  fingerprintGuard,
  fingerprintWebhook,
  type FingerprintRequest,
  type FingerprintWebhookRequest,
} from '../src/index.js';
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
  app.post('/webhooks/after-raw', express.raw({ type: '*/*' }), fingerprintWebhook({ secret }), (_req, res) =>
    res.sendStatus(204),
  );
  served = await serve(app);
});
afterAll(() => Promise.all([served.close(), cside.close(), api.close()]));

const checkout = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${served.url}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

describe('a cside-guarded Express route, end to end against the fake cside', () => {
  it('accepts the token the browser got from sendClientTelemetry, once', async () => {
    const token = cside.issueToken({ deviceId: 'dev_checkout' });
    expect(await checkout({ cside_token: token, cart: 'c-1' })).toEqual({
      status: 200,
      body: { provider: 'cside', via: 'cside', visitorId: 'dev_checkout' },
    });
    expect(await checkout({ cside_token: token })).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
  });

  it('reads the cside-token header, and denies a detected bot', async () => {
    expect((await checkout({}, { 'cside-token': cside.issueToken() })).status).toBe(200);
    const bot = cside.issueToken({ evaluation: { bot: { result: 'detected', score: 0.99, signal: [] } } });
    expect(await checkout({}, { 'cside-token': bot })).toMatchObject({
      status: 403,
      body: { error: { code: 'EVENT_DENIED' } },
    });
  });

  it('answers provider trouble with its status: unknown token 401, cside down 503', async () => {
    expect(await checkout({ cside_token: 'fake.unknown' })).toMatchObject({
      status: 401,
      body: { error: { code: 'PROVIDER_REJECTED' } },
    });
    cside.failNext({ status: 503 }, { status: 503 }, { status: 503 });
    expect(await checkout({ cside_token: cside.issueToken() })).toMatchObject({
      status: 503,
      body: { error: { code: 'PROVIDER_UNAVAILABLE' } },
    });
  });

  it('falls back to the Server API for an event_id', async () => {
    const event = createEvent();
    api.addEvent(event);
    expect(await checkout({ event_id: event.event_id })).toMatchObject({
      status: 200,
      body: { provider: 'fingerprint', via: 'server-api' },
    });
    expect((await checkout({ event_id: event.event_id })).status).toBe(409);
  });
});

describe('fingerprintWebhook', () => {
  const deliver = (path: string, body: string, signature: string | undefined, contentType = 'application/json') =>
    fetch(`${served.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...(signature === undefined ? {} : { 'fpjs-event-signature': signature }),
      },
      body,
    });
  const sign = (body: string, key = secret) => `v1=${createHmac('sha256', key).update(body).digest('hex')}`;

  it('says it needs the raw body when express.json() ran first', async () => {
    const body = JSON.stringify(createEvent());
    expect((await deliver('/webhooks/after-json', body, sign(body))).status).toBe(500);
  });

  it('reads any content type as raw bytes, also after express.raw()', async () => {
    const body = JSON.stringify(createEvent());
    expect((await deliver('/webhooks/fingerprint', body, sign(body), 'text/plain')).status).toBe(204);
    const raw = JSON.stringify(createEvent());
    expect((await deliver('/webhooks/after-raw', raw, sign(raw))).status).toBe(204);
  });
});
