// The NestJS example end to end on loopback, as tsc compiled it: the simulator's identifications,
// cside tokens and signed webhooks through the real app.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createFakeCside, generateKey, type FakeCside } from '@fingerprint-guard/testing';

// The app as tsc compiled it (CommonJS, with decorator metadata), loaded by Node itself.
const { AppModule } = createRequire(import.meta.url)('../dist/app.module.js') as typeof import('../src/app.module');

const secret = 'whsec_example_test';
let app: INestApplication;
let cside: FakeCside;
let base: string;

beforeAll(async () => {
  cside = await createFakeCside();
  const simulatorKey = generateKey();
  const settings = {
    sealedKeys: [simulatorKey],
    simulatorKey,
    cside: { apiKey: cside.apiKey, baseUrl: cside.url },
    webhookSecret: secret,
  };
  app = await NestFactory.create(AppModule.forRoot(settings), { rawBody: true, logger: false });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
});
afterAll(async () => {
  await app.close();
  await cside.close();
});

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};

describe('the NestJS example', () => {
  it('logs in once with a simulated identification, then rejects the replay and a VPN', async () => {
    const { body: identification } = await post('/dev/agent-simulator', { scenario: 'fresh' });
    expect(await post('/api/login', { user: 'ann', sealed_result: identification.sealed_result })).toMatchObject({
      status: 200,
      body: { welcome: 'ann', eventId: identification.event_id },
    });
    expect(await post('/api/login', { sealed_result: identification.sealed_result })).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
    const { body: vpn } = await post('/dev/agent-simulator', { scenario: 'vpn' });
    expect(await post('/api/login', { sealed_result: vpn.sealed_result })).toMatchObject({
      status: 403,
      body: { error: { code: 'EVENT_DENIED', rule: 'vpn' } },
    });
  });

  it('checks out with a cside token, once', async () => {
    const { token } = await (await fetch(`${cside.url}/client`, { method: 'POST', body: '{}' })).json();
    expect(await post('/api/checkout', { cside_token: token })).toEqual({
      status: 200,
      body: { order: 'confirmed', provider: 'cside' },
    });
    expect((await post('/api/checkout', { cside_token: token })).status).toBe(409);
  });

  it('receives a signed webhook once, and refuses a forged one', async () => {
    const body = JSON.stringify(createEvent());
    const signature = `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect((await post('/webhooks/fingerprint', body, { 'fpjs-event-signature': signature })).status).toBe(204);
    expect(await post('/webhooks/fingerprint', body, { 'fpjs-event-signature': signature })).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    expect((await post('/webhooks/fingerprint', body, { 'fpjs-event-signature': 'v1=00' })).status).toBe(401);
  });

  it('mounts no simulator when it runs on real keys', async () => {
    const real = await NestFactory.create(
      AppModule.forRoot({
        sealedKeys: [generateKey()],
        cside: { apiKey: cside.apiKey, baseUrl: cside.url },
        webhookSecret: secret,
      }),
      { logger: false },
    );
    await real.listen(0, '127.0.0.1');
    expect((await fetch(`${await real.getUrl()}/dev/agent-simulator`, { method: 'POST' })).status).toBe(404);
    await real.close();
  });
});
