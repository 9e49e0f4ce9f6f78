import { describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';
import {
  createFingerprintGuard,
  fingerprintWebhook,
  verifyFingerprint,
  withFingerprint,
  type FingerprintGuardOptions,
  type NextFingerprintGuardOptions,
} from '../src/index.js';
import { HARNESS_CLIENT_IP, serveHandler } from './serve-handler.js';

adapterConformance(
  'Next.js route handler (withFingerprint)',
  async (options, { host }) => {
    // A route handler has no client IP: the app says where it comes from (here, the harness's socket
    // address), unless the row brings its own clientIp (an ipFrom preset).
    const addIp = (given: FingerprintGuardOptions<never>) =>
      ({
        ...given,
        clientIp:
          (given.clientIp as NextFingerprintGuardOptions['clientIp']) ??
          ((request: Request) => request.headers.get(HARNESS_CLIENT_IP) ?? undefined),
      }) as NextFingerprintGuardOptions<'enforce' | 'monitor'>;
    // The lazily configured form: the same, read at the first request.
    const withIp = typeof options === 'function' ? () => addIp(options()) : addIp(options);
    return serveHandler(
      withFingerprint(withIp, async (_request, { fingerprint }) => Response.json(describeFingerprint(fingerprint))),
      host,
    );
  },
  // A route handler gets a Web Request: no connecting address.
  { peer: false },
);

webhookConformance('Next.js route handler (fingerprintWebhook)', async (options, handle) =>
  serveHandler(
    fingerprintWebhook(options, async (event) => {
      await handle(event);
      return new Response(null, { status: 204 });
    }),
  ),
);

const key = generateKey();
const quiet = { warn() {}, error() {} };
const sealed = () => sealEvent(createEvent(), key);

describe('withFingerprint', () => {
  it('leaves the JSON, form and multipart body readable by the handler', async () => {
    const served = await serveHandler(
      withFingerprint({ fingerprint: { keys: [key] }, logger: quiet }, async (request, { fingerprint }) => {
        const contentType = request.headers.get('content-type') ?? '';
        const body = contentType.includes('json') ? await request.json() : Object.fromEntries(await request.formData());
        return Response.json({ user: body.user, eventId: fingerprint.eventId });
      }),
    );
    const json = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sealed_result: sealed(), user: 'ann' }),
    });
    expect(await json.json()).toMatchObject({ user: 'ann', eventId: expect.any(String) });
    const form = await fetch(served.url, {
      method: 'POST',
      body: new URLSearchParams({ sealed_result: sealed(), user: 'bob' }),
    });
    expect(await form.json()).toMatchObject({ user: 'bob' });
    const multipart = new FormData();
    multipart.set('sealed_result', sealed());
    multipart.set('user', 'cy');
    expect(await (await fetch(served.url, { method: 'POST', body: multipart })).json()).toMatchObject({ user: 'cy' });
    // As Chrome and Safari send a multipart form: a boundary with capitals.
    const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const browser = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `${field('sealed_result', sealed())}${field('user', 'dee')}--${boundary}--\r\n`,
    });
    expect(await browser.json()).toMatchObject({ user: 'dee', eventId: expect.any(String) });
    await served.close();
  });

  it('does not search a body over maxBodyBytes (send the credential in a header instead)', async () => {
    const served = await serveHandler(
      withFingerprint({ fingerprint: { keys: [key] }, maxBodyBytes: 1_000, logger: quiet }, async (request) =>
        Response.json({ size: (await request.text()).length }),
      ),
    );
    const big = JSON.stringify({ sealed_result: sealed(), padding: 'x'.repeat(2_000) });
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect([response.status, ((await response.json()) as any).error.code]).toEqual([401, 'CREDENTIAL_MISSING']);
    const withHeader = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'fingerprint-sealed-result': sealed() },
      body: big,
    });
    expect(await withHeader.json()).toEqual({ size: big.length });
    await served.close();
  });

  it('answers a body it does not search (over maxBodyBytes, chunked past it, not JSON) CREDENTIAL_MISSING, blaming no body parser', async () => {
    const warnings: string[] = [];
    const logger = {
      warn: (_message: string, fields?: { event?: string }) => warnings.push(fields?.event ?? ''),
      error() {},
    };
    const served = await serveHandler(
      withFingerprint({ fingerprint: { keys: [key] }, maxBodyBytes: 1_000, logger }, async () => Response.json({})),
    );
    const big = JSON.stringify({ sealed_result: sealed(), padding: 'x'.repeat(2_000) });
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    for (const body of [big, chunked, '{"sealed_result": ']) {
      const response = await fetch(served.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      expect([response.status, ((await response.json()) as any).error.code]).toEqual([401, 'CREDENTIAL_MISSING']);
    }
    expect(warnings).not.toContain('body-not-parsed');
    await served.close();
  });

  it('runs the handler in the tick the request came in for a sealed result in a header, and waits for a body', async () => {
    // A microtask queued before the route is called runs before the handler only if the wrapper waited.
    const handlerRanFirst: Record<string, boolean> = {};
    let microtaskRan = false;
    const route = (name: string) =>
      withFingerprint({ fingerprint: { keys: [key] } }, () => {
        handlerRanFirst[name] = !microtaskRan;
        return Response.json({});
      });
    const requests = {
      header: new Request('http://localhost/login', {
        method: 'POST',
        headers: { 'fingerprint-sealed-result': sealed() },
      }),
      body: new Request('http://localhost/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sealed_result: sealed() }),
      }),
    };
    for (const [name, request] of Object.entries(requests)) {
      microtaskRan = false;
      queueMicrotask(() => {
        microtaskRan = true;
      });
      expect((await route(name)(request, { params: Promise.resolve({}) })).status).toBe(200);
    }
    expect(handlerRanFirst).toEqual({ header: true, body: false });
  });

  it('decides from the header it reads first without waiting for a body, and searches the body when that header is absent', async () => {
    const options = { fingerprint: { keys: [key] }, cside: { apiKey: 'cside-test-key' }, logger: quiet };
    const route = withFingerprint(options, (_request, { fingerprint }) =>
      Response.json({ provider: fingerprint.provider }),
    );
    const context = { params: Promise.resolve({}) };
    // A JSON body that starts and never ends: the sealed result in the header decides.
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"user": "ann", '));
      },
    });
    const answer = await route(
      new Request('http://localhost/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'fingerprint-sealed-result': sealed() },
        body: stalled,
        duplex: 'half',
      } as RequestInit),
      context,
    );
    expect(await answer.json()).toEqual({ provider: 'fingerprint' });
    // A header the guard looks at later (cside's) spares nothing: the sealed result, looked for first, is in the body.
    const later = await route(
      new Request('http://localhost/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cside-token': 'a-session-token' },
        body: JSON.stringify({ sealed_result: sealed() }),
      }),
      context,
    );
    expect(await later.json()).toEqual({ provider: 'fingerprint' });
  });

  it('hands the handler its params, and onDenied replaces the error response', async () => {
    const handler = withFingerprint<Request, { id: string }>(
      {
        fingerprint: { keys: [key] },
        onDenied: (error) => new Response(`denied: ${error.code}`, { status: error.status }),
      },
      async (_request, { params }) => Response.json({ id: (await params).id }),
    );
    const ok = await handler(
      new Request('http://x/', { method: 'POST', headers: { 'fingerprint-sealed-result': sealed() } }),
      { params: Promise.resolve({ id: 'o-7' }) },
    );
    expect(await ok.json()).toEqual({ id: 'o-7' });
    const denied = await handler(new Request('http://x/', { method: 'POST' }), {
      params: Promise.resolve({ id: 'o-7' }),
    });
    expect([denied.status, await denied.text()]).toEqual([401, 'denied: CREDENTIAL_MISSING']);
  });
});

describe('verifyFingerprint', () => {
  const OPTIONS = { fingerprint: { keys: [key] }, logger: quiet };

  it('verifies a Request, keeping one replay store per options object', async () => {
    const credential = sealed();
    const request = () =>
      new Request('http://x/', { method: 'POST', headers: { 'fingerprint-sealed-result': credential } });
    await expect(verifyFingerprint(request(), OPTIONS)).resolves.toMatchObject({ provider: 'fingerprint' });
    await expect(verifyFingerprint(request(), OPTIONS)).rejects.toMatchObject({ code: 'EVENT_REPLAYED' });
  });

  it('verifies headers and fields a server action has, with a built guard', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] } });
    await expect(
      verifyFingerprint({ headers: new Headers(), body: { sealed_result: sealed() } }, guard),
    ).resolves.toMatchObject({ via: 'sealed' });
    await expect(verifyFingerprint({ headers: new Headers() }, guard)).rejects.toMatchObject({
      code: 'CREDENTIAL_MISSING',
      status: 401,
    });
  });
});
