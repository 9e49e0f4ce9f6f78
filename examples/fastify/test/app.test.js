// The Fastify example end to end on loopback: the simulator's identifications through the real app.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '@fingerprint-guard/fastify';
import { createEvent, createFakeCside, generateKey } from '@fingerprint-guard/testing';
import { createApp } from '../src/app.js';

const webhookSecret = 'whsec_example';
const webhooks = [];
let app;
let cside;
let base;
beforeAll(async () => {
  cside = await createFakeCside();
  const simulatorKey = generateKey();
  app = await createApp({
    sealedKeys: [simulatorKey],
    simulatorKey,
    store: new MemoryReplayStore(),
    cside: { apiKey: cside.apiKey, baseUrl: cside.url },
    webhookSecret,
    onWebhook: (event) => webhooks.push(event.event_id),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${app.server.address().port}`;
});
afterAll(async () => {
  await app.close();
  await cside.close();
});

const post = async (path, body, headers = {}) => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
};

describe('the Fastify example', () => {
  it('logs in once with a simulated identification, then rejects the replay, a VPN and another IP', async () => {
    const { body: identification } = await post('/dev/agent-simulator', { scenario: 'fresh' });
    expect(await post('/api/login', { user: 'ann', sealed_result: identification.sealed_result })).toMatchObject({
      status: 200,
      body: { welcome: 'ann', eventId: identification.event_id },
    });
    expect((await post('/api/login', { sealed_result: identification.sealed_result })).status).toBe(409);
    const { body: vpn } = await post('/dev/agent-simulator', { scenario: 'vpn' });
    expect((await post('/api/login', { sealed_result: vpn.sealed_result })).status).toBe(403);
    const { body: elsewhere } = await post('/dev/agent-simulator', { scenario: 'other-ip' });
    expect(await post('/api/login', { sealed_result: elsewhere.sealed_result })).toMatchObject({
      status: 403,
      body: { error: { rule: 'ip' } },
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

  it('receives a signed webhook once', async () => {
    const event = createEvent();
    const body = JSON.stringify(event);
    const headers = { 'fpjs-event-signature': `v1=${createHmac('sha256', webhookSecret).update(body).digest('hex')}` };
    expect((await post('/webhooks/fingerprint', body, headers)).status).toBe(204);
    expect(await post('/webhooks/fingerprint', body, headers)).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    expect(webhooks).toEqual([event.event_id]);
  });

  it('mounts no simulator when it runs on real keys', async () => {
    const real = await createApp({
      sealedKeys: [generateKey()],
      store: new MemoryReplayStore(),
      cside: { apiKey: cside.apiKey, baseUrl: cside.url },
    });
    expect((await real.inject({ method: 'POST', url: '/dev/agent-simulator' })).statusCode).toBe(404);
    await real.close();
  });
});
