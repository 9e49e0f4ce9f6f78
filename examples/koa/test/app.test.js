// The Koa example end to end on loopback: the simulator's identifications through the real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '@fingerprint-guard/koa';
import { createFakeCside, generateKey } from '@fingerprint-guard/testing';
import { createApp } from '../src/app.js';

let server;
let cside;
let base;
beforeAll(async () => {
  cside = await createFakeCside();
  const simulatorKey = generateKey();
  const app = createApp({
    sealedKeys: [simulatorKey],
    simulatorKey,
    store: new MemoryReplayStore(),
    cside: { apiKey: cside.apiKey, baseUrl: cside.url },
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
afterAll(async () => {
  server.close();
  await cside.close();
});

const post = async (path, body) => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('the Koa example', () => {
  it('logs in once with a simulated identification, then rejects the replay and a VPN', async () => {
    const { body: identification } = await post('/dev/agent-simulator', { scenario: 'fresh' });
    expect(await post('/api/login', { user: 'ann', sealed_result: identification.sealed_result })).toMatchObject({
      status: 200,
      body: { welcome: 'ann', eventId: identification.event_id },
    });
    expect((await post('/api/login', { sealed_result: identification.sealed_result })).status).toBe(409);
    const { body: vpn } = await post('/dev/agent-simulator', { scenario: 'vpn' });
    expect((await post('/api/login', { sealed_result: vpn.sealed_result })).status).toBe(403);
  });

  it('mounts no simulator when it runs on real keys', async () => {
    const real = createApp({
      sealedKeys: [generateKey()],
      store: new MemoryReplayStore(),
      cside: { apiKey: cside.apiKey, baseUrl: cside.url },
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => real.once('listening', resolve));
    const response = await fetch(`http://127.0.0.1:${real.address().port}/dev/agent-simulator`, { method: 'POST' });
    expect(response.status).toBe(404);
    real.close();
  });

  it('checks out with a cside token, once', async () => {
    const { token } = await (await fetch(`${cside.url}/client`, { method: 'POST', body: '{}' })).json();
    expect(await post('/api/checkout', { cside_token: token })).toEqual({
      status: 200,
      body: { order: 'confirmed', provider: 'cside' },
    });
    expect((await post('/api/checkout', { cside_token: token })).status).toBe(409);
  });
});
