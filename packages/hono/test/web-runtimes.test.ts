// The Hono adapter on Web runtimes, with core's Web build (the `workerd` / `edge-light` export
// conditions): Cloudflare workerd through miniflare, and Vercel's edge-runtime emulator.
import { createHmac } from 'node:crypto';
import { EdgeRuntime } from 'edge-runtime';
import { Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { bundleApp, NODE_IMPORT } from './runtime/bundle.js';

const env = { FP_SEALED_KEY: generateKey(), FP_WEBHOOK_SECRET: 'whsec_web_runtime' };

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** The same story in every runtime: fresh 200, replay 409, missing 401, a JSON body, a webhook once. */
async function story(fetchIn: Fetch) {
  const sealed = sealEvent(
    createEvent({ identification: { visitor_id: 'visitor-web', visitor_found: true, confidence: { score: 0.99 } } }),
    env.FP_SEALED_KEY,
  );
  const login = (init: RequestInit) =>
    fetchIn('http://app.test/login', { method: 'POST', ...init }).then(async (r) => [r.status, await r.json()]);
  const event = createEvent();
  const body = JSON.stringify(event);
  const signature = `v1=${createHmac('sha256', env.FP_WEBHOOK_SECRET).update(body).digest('hex')}`;
  const hook = () =>
    fetchIn('http://app.test/webhooks/fingerprint', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'fpjs-event-signature': signature },
      body,
    }).then(async (r) => [r.status, await r.json()]);
  return {
    fresh: await login({ headers: { 'fingerprint-sealed-result': sealed } }),
    replay: await login({ headers: { 'fingerprint-sealed-result': sealed } }),
    missing: await login({}),
    jsonBody: await login({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sealed_result: sealEvent(createEvent(), env.FP_SEALED_KEY) }),
    }),
    webhook: [await hook(), await hook()],
    eventId: event.event_id,
  };
}

/** The bound route: an event made at 203.0.113.42, and CF-Connecting-IP saying `connectingIp`. */
async function boundLogin(fetchIn: Fetch, connectingIp: string): Promise<[number, unknown]> {
  const sealed = sealEvent(createEvent({ ip_address: '203.0.113.42' }), env.FP_SEALED_KEY);
  const response = await fetchIn('http://app.test/bound-login', {
    method: 'POST',
    headers: { 'fingerprint-sealed-result': sealed, 'cf-connecting-ip': connectingIp },
  });
  return [response.status, await response.json()];
}

function expectStory(result: Awaited<ReturnType<typeof story>>) {
  expect(result.fresh).toEqual([200, { visitorId: 'visitor-web', eventId: expect.any(String) }]);
  expect(result.replay).toMatchObject([409, { error: { code: 'EVENT_REPLAYED' } }]);
  expect(result.missing).toMatchObject([401, { error: { code: 'CREDENTIAL_MISSING' } }]);
  expect(result.jsonBody[0]).toBe(200);
  expect(result.webhook).toEqual([
    [201, { received: result.eventId }],
    [200, { received: true, duplicate: true }],
  ]);
}

describe('Hono on Cloudflare workerd (miniflare), with core’s Web build', () => {
  it('accepts a sealed result once and answers its replay 409; webhooks once', async () => {
    const script = await bundleApp('esm', ['workerd', 'worker']);
    expect(script).not.toMatch(NODE_IMPORT);
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2024-09-23', bindings: env });
    try {
      expectStory(await story((url, init) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response>));
    } finally {
      await mf.dispose();
    }
  }, 60_000);

  it('ipFrom.cloudflare() takes CF-Connecting-IP with no connecting address: a Worker is reached only through the edge', async () => {
    const script = await bundleApp('esm', ['workerd', 'worker']);
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2024-09-23', bindings: env });
    const fetchIn: Fetch = (url, init) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response>;
    try {
      expect(await boundLogin(fetchIn, '203.0.113.42')).toEqual([200, { eventId: expect.any(String) }]);
      expect(await boundLogin(fetchIn, '198.51.100.7')).toMatchObject([403, { error: { rule: 'ip' } }]);
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});

describe('Hono in Vercel’s edge-runtime emulator, with core’s Web build', () => {
  it('accepts a sealed result once and answers its replay 409; webhooks once', async () => {
    const code = await bundleApp('iife', ['edge-light', 'worker']);
    expect(code).not.toMatch(NODE_IMPORT);
    const runtime = new EdgeRuntime({
      initialCode: `${code}\nconst env = ${JSON.stringify(env)};\naddEventListener('fetch', (event) => event.respondWith(worker.default.fetch(event.request, env)));`,
    });
    expectStory(await story((url, init) => runtime.dispatchFetch(url, init) as Promise<Response>));
    // Not Cloudflare: with no connecting address to check, a CF-Connecting-IP anyone can send is not read.
    const fetchIn: Fetch = (url, init) => runtime.dispatchFetch(url, init) as Promise<Response>;
    expect(await boundLogin(fetchIn, '203.0.113.42')).toMatchObject([
      403,
      { error: { rule: 'ip', message: expect.stringContaining('unknown') } },
    ]);
  }, 60_000);
});
