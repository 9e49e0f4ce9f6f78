import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from '@upstash/redis';
import { createUpstashReplayStore } from '@fingerprint-guard/upstash';
import {
  createEvent,
  createFakeCside,
  createUpstashRestServer,
  sealEvent,
  type FakeCside,
  type UpstashRestServer,
} from '@fingerprint-guard/testing';

// `next build` ran before this test (turbo), with no FP_* variable: the guards are built at their
// first request. `next start` gets Fingerprint's public test key as FP_SEALED_KEYS.
const DEV_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';
let next: ChildProcess;
let base: string;
let cside: FakeCside;
/** Upstash's REST API on loopback, over the real Redis at REDIS_URL: the Upstash login's store. */
let upstash: UpstashRestServer;
// What `next start` printed: with FP_OTEL=console, instrumentation.ts prints spans and metrics there.
let printed = '';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  cside = await createFakeCside();
  upstash = await createUpstashRestServer();
  next = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      FP_SEALED_KEYS: DEV_KEY,
      CSIDE_API_KEY: cside.apiKey,
      CSIDE_BASE_URL: cside.url,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      FP_OTEL: 'console',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  next.stdout!.on('data', (chunk) => (printed += chunk));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (
      await fetch(base).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('next start did not come up');
}, 30_000);

afterAll(async () => {
  next?.kill();
  await cside?.close();
  await upstash?.close();
});

const post = (path: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));

/** Waits (up to 10 s) until `next start` has printed what `done` looks for. */
async function printedUntil(done: (text: string) => boolean): Promise<string> {
  for (let attempt = 0; attempt < 100 && !done(printed); attempt++) await new Promise((r) => setTimeout(r, 100));
  return printed;
}

const count = (text: string, what: string) => text.split(what).length - 1;

describe('the Next example under next start', () => {
  it('reports guarded requests to the OpenTelemetry SDK its instrumentation.ts registers', async () => {
    // The guard is bundled into the route by Next and finds the app's @opentelemetry/api itself.
    const spans = count(printed, "name: 'fingerprint-guard verify'");
    expect((await post('/api/login', { user: 'ann', sealed_result: sealEvent(createEvent(), DEV_KEY) })).status).toBe(
      200,
    );
    const after = await printedUntil((text) => count(text, "name: 'fingerprint-guard verify'") > spans);
    expect(count(after, "name: 'fingerprint-guard verify'")).toBe(spans + 1);
    expect(after).toContain("'fingerprint_guard.outcome': 'allowed'");
    expect(await printedUntil((text) => text.includes("name: 'fingerprint_guard.decisions'"))).toContain(
      "name: 'fingerprint_guard.decisions'",
    );
  });

  it('lets a fresh identification through, and the handler still reads the body', async () => {
    const event = createEvent();
    expect(await post('/api/login', { user: 'ann', sealed_result: sealEvent(event, DEV_KEY) })).toEqual({
      status: 200,
      body: { user: 'ann', eventId: event.event_id, visitorId: event.identification!.visitor_id, vpn: false },
    });
  });

  it('rejects a replay, a missing, a tampered and a bot credential', async () => {
    const once = sealEvent(createEvent(), DEV_KEY);
    expect((await post('/api/login', { user: 'ann' }, { 'fingerprint-sealed-result': once })).status).toBe(200);
    expect(await post('/api/login', { user: 'ann' }, { 'fingerprint-sealed-result': once })).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
    expect(await post('/api/login', { user: 'ann' })).toMatchObject({
      status: 401,
      body: { error: { code: 'CREDENTIAL_MISSING' } },
    });
    const bytes = Buffer.from(sealEvent(createEvent(), DEV_KEY), 'base64');
    bytes[40]! ^= 1;
    expect((await post('/api/login', { sealed_result: bytes.toString('base64') })).status).toBe(401);
    expect(await post('/api/login', { sealed_result: sealEvent(createEvent({ bot: 'bad' }), DEV_KEY) })).toMatchObject({
      status: 403,
    });
  });

  it('shares one replay store across routes, and passes dynamic params', async () => {
    const once = sealEvent(createEvent(), DEV_KEY);
    expect(await post('/api/orders/o-42', { sealed_result: once })).toMatchObject({
      status: 200,
      body: { order: 'o-42' },
    });
    expect((await post('/api/login', { user: 'ann', sealed_result: once })).status).toBe(409);
  });

  it('has no agent simulator in production, and checks out with a cside token once', async () => {
    expect((await fetch(`${base}/dev/agent-simulator`, { method: 'POST', body: '{}' })).status).toBe(404);
    const token = cside.issueToken();
    expect(await post('/api/checkout', { cside_token: token })).toEqual({
      status: 200,
      body: { order: 'confirmed', provider: 'cside' },
    });
    expect((await post('/api/checkout', { cside_token: token })).status).toBe(409);
  });

  it('runs the guard on the Edge runtime too: fresh, replay, tampered', async () => {
    const once = sealEvent(createEvent(), DEV_KEY);
    expect(await post('/api/edge/login', { user: 'eve', sealed_result: once })).toMatchObject({
      status: 200,
      body: { user: 'eve', runtime: 'edge' },
    });
    expect(await post('/api/edge/login', { user: 'eve', sealed_result: once })).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
    const bytes = Buffer.from(sealEvent(createEvent(), DEV_KEY), 'base64');
    bytes[40]! ^= 1;
    expect(await post('/api/edge/login', { sealed_result: bytes.toString('base64') })).toMatchObject({
      status: 401,
      body: { error: { code: 'SEALED_RESULT_DECRYPTION_FAILED' } },
    });
  });

  it('claims on Upstash from the Edge runtime: fresh, replay, and the claim is in the shared database', async () => {
    const event = createEvent();
    const once = sealEvent(event, DEV_KEY);
    expect(await post('/api/edge/upstash-login', { sealed_result: once })).toEqual({
      status: 200,
      body: { eventId: event.event_id, runtime: 'edge' },
    });
    expect(await post('/api/edge/upstash-login', { sealed_result: once })).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED' } },
    });
    expect(upstash.commands).toContainEqual(expect.arrayContaining(['set', `fpg:example-next:${event.event_id}`]));
    // Another instance (here: this process) sharing the database sees the claim.
    const elsewhere = createUpstashReplayStore({
      client: new Redis({ url: upstash.url, token: upstash.token }),
      prefix: 'fpg:example-next:',
    });
    expect(await elsewhere.claim(event.event_id, Date.now() + 60_000)).toBe(false);
  });

  it('answers 503 REPLAY_STORE_UNAVAILABLE from the Edge route while Upstash fails', async () => {
    upstash.failNext({ status: 503 });
    expect(await post('/api/edge/upstash-login', { sealed_result: sealEvent(createEvent(), DEV_KEY) })).toMatchObject({
      status: 503,
      body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } },
    });
  });
});
