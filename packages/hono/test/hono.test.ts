// The Hono adapter through real HTTP on @hono/node-server: the shared tables, then body handling, client IP, errors and webhooks.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';
import {
  clientIpFromConnInfo,
  createFingerprintGuard,
  fingerprintGuard,
  fingerprintWebhook,
  ipFrom,
  MemoryReplayStore,
  type FingerprintGuardOptions,
  type HonoFingerprintGuardOptions,
} from '../src/index.js';
import { serve } from './server.js';

/**
 * The table's options, as a Hono user writes them: the client IP from the socket (getConnInfo),
 * and callbacks that read the request through Hono's Context (the table's linkedId reader knows
 * Node and Web requests, so it is handed `c.req.raw`).
 */
function asHonoUser(
  options: FingerprintGuardOptions<never> | (() => FingerprintGuardOptions<never>),
): HonoFingerprintGuardOptions<'enforce' | 'monitor'> | (() => HonoFingerprintGuardOptions<'enforce' | 'monitor'>) {
  // The lazily configured form: the same, read at the first request.
  if (typeof options === 'function') return () => asHonoOptions(options());
  return asHonoOptions(options);
}

function asHonoOptions(options: FingerprintGuardOptions<never>): HonoFingerprintGuardOptions<'enforce' | 'monitor'> {
  const linkedId = options.bind?.linkedId as ((request: unknown) => string | undefined) | undefined;
  return {
    ...(options as HonoFingerprintGuardOptions<'enforce' | 'monitor'>),
    clientIp: (options.clientIp as HonoFingerprintGuardOptions['clientIp']) ?? clientIpFromConnInfo(getConnInfo),
    ...(linkedId && { bind: { ...options.bind, linkedId: (c: Context) => linkedId(c.req.raw) } }),
  };
}

adapterConformance('Hono 4 on Node (@hono/node-server)', async (options, { host }) => {
  const app = new Hono().post('/login', fingerprintGuard(asHonoUser(options)), (c) =>
    c.json(describeFingerprint(c.get('fingerprint'))),
  );
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});

adapterConformance('Hono 4 on Node, app.use() for a path', async (options, { host }) => {
  const app = new Hono();
  app.use('/login', fingerprintGuard(asHonoUser(options)));
  app.post('/login', (c) => c.json(describeFingerprint(c.get('fingerprint'))));
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});

webhookConformance('Hono 4 on Node', async (options, handle) => {
  const app = new Hono().post('/webhooks/fingerprint', fingerprintWebhook(options), async (c) => {
    await handle(c.get('fingerprintWebhookEvent'));
    return c.body(null, 204);
  });
  app.onError((_error, c) => c.json({ error: 'handler failed' }, 500));
  const served = await serve(app);
  return { url: `${served.url}/webhooks/fingerprint`, close: served.close };
});

const key = generateKey();
const quiet = { warn() {}, error() {} };
const sealed = () => sealEvent(createEvent(), key);

async function started(app: Hono) {
  const served = await serve(app);
  const post = (path: string, headers: Record<string, string> = {}, body?: BodyInit) =>
    fetch(`${served.url}${path}`, { method: 'POST', headers, body });
  return { ...served, post };
}

describe('fingerprintGuard on Hono', () => {
  it('asks the runtime for the connecting address only when bind.ip or edge needs it (a native call per request on Bun)', async () => {
    let asked = 0;
    // Bun's bindings as Hono sees them: server.requestIP(request) answers the connecting address.
    const requestIP = () => {
      asked++;
      return { address: '203.0.113.9' };
    };
    const env = { server: { requestIP } };
    const plain = new Hono().post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet }), (c) =>
      c.json({ eventId: c.get('fingerprint').eventId }),
    );
    const answer = await plain.request(
      '/login',
      { method: 'POST', headers: { 'fingerprint-sealed-result': sealed() } },
      env,
    );
    expect(answer.status).toBe(200);
    expect(asked).toBe(0);
    const bound = new Hono().post(
      '/login',
      fingerprintGuard({
        fingerprint: { keys: [key] },
        bind: { ip: true },
        clientIp: ipFrom.cloudflare(),
        logger: quiet,
      }),
      (c) => c.json({ eventId: c.get('fingerprint').eventId }),
    );
    await bound.request('/login', { method: 'POST', headers: { 'fingerprint-sealed-result': sealed() } }, env);
    expect(asked).toBeGreaterThan(0);
  });

  it('leaves JSON, form and multipart bodies readable by the handler, and by a validator-style c.req.json()', async () => {
    const app = new Hono().post(
      '/login',
      fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet }),
      async (c) => {
        const body = await c.req.parseBody().then((parsed) => (Object.keys(parsed).length ? parsed : c.req.json()));
        return c.json({ user: (body as { user?: string }).user, eventId: c.get('fingerprint').eventId });
      },
    );
    const served = await started(app);
    const json = await served.post(
      '/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ sealed_result: sealed(), user: 'ann' }),
    );
    expect(await json.json()).toMatchObject({ user: 'ann', eventId: expect.any(String) });
    const form = await served.post('/login', {}, new URLSearchParams({ sealed_result: sealed(), user: 'bob' }));
    expect(await form.json()).toMatchObject({ user: 'bob' });
    const multipart = new FormData();
    multipart.set('sealed_result', sealed());
    multipart.set('user', 'cy');
    expect(await (await served.post('/login', {}, multipart)).json()).toMatchObject({ user: 'cy' });
    await served.close();
  });

  it('reads a body an earlier middleware already read into Hono’s cache', async () => {
    const app = new Hono().post(
      '/login',
      async (c, next) => {
        await c.req.json();
        await next();
      },
      fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet }),
      (c) => c.json({ ok: true }),
    );
    const served = await started(app);
    expect(
      (await served.post('/login', { 'content-type': 'application/json' }, JSON.stringify({ sealed_result: sealed() })))
        .status,
    ).toBe(200);
    await served.close();
  });

  it('does not search a body over maxBodyBytes, and the handler can still read it', async () => {
    const app = new Hono().post(
      '/upload',
      fingerprintGuard({ fingerprint: { keys: [key] }, maxBodyBytes: 1_000, logger: quiet }),
      async (c) => c.json({ size: (await c.req.text()).length }),
    );
    const served = await started(app);
    const big = JSON.stringify({ sealed_result: sealed(), padding: 'x'.repeat(2_000) });
    const denied = await served.post('/upload', { 'content-type': 'application/json' }, big);
    expect([denied.status, ((await denied.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'CREDENTIAL_MISSING',
    ]);
    const withHeader = await served.post(
      '/upload',
      { 'content-type': 'application/json', 'fingerprint-sealed-result': sealed() },
      big,
    );
    expect(await withHeader.json()).toEqual({ size: big.length });
    await served.close();
  });

  it('answers a body it does not search (over maxBodyBytes, chunked past it, not JSON) CREDENTIAL_MISSING, blaming no body parser', async () => {
    const warnings: string[] = [];
    const logger = {
      warn: (_message: string, fields?: { event?: string }) => warnings.push(fields?.event ?? ''),
      error() {},
    };
    const app = new Hono().post(
      '/login',
      fingerprintGuard({ fingerprint: { keys: [key] }, maxBodyBytes: 1_000, logger }),
      (c) => c.json({}),
    );
    const served = await started(app);
    const big = JSON.stringify({ sealed_result: sealed(), padding: 'x'.repeat(2_000) });
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    for (const body of [big, chunked, '{"sealed_result": ']) {
      const response = await fetch(`${served.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
        401,
        'CREDENTIAL_MISSING',
      ]);
    }
    expect(warnings).not.toContain('body-not-parsed');
    await served.close();
  });

  it('onDenied replaces the answer; throwErrors throws an HTTPException whose cause is the error', async () => {
    const caught: string[] = [];
    const app = new Hono();
    app.post(
      '/custom',
      fingerprintGuard({ fingerprint: { keys: [key] }, onDenied: (error, c) => c.text(`denied: ${error.code}`, 418) }),
      (c) => c.text('ok'),
    );
    app.post('/thrown', fingerprintGuard({ fingerprint: { keys: [key] } }, { throwErrors: true }), (c) => c.text('ok'));
    const plain = new Hono().post(
      '/default',
      fingerprintGuard({ fingerprint: { keys: [key] }, throwErrors: true }),
      (c) => c.text('ok'),
    );
    app.route('/', plain);
    app.onError((error, c) => {
      if (error instanceof HTTPException && error.cause instanceof Error)
        caught.push((error.cause as { code?: string }).code ?? '');
      return error instanceof HTTPException ? error.getResponse() : c.text('bug', 500);
    });
    const served = await started(app);
    const custom = await served.post('/custom');
    expect([custom.status, await custom.text()]).toEqual([418, 'denied: CREDENTIAL_MISSING']);
    const thrown = await served.post('/thrown', { 'fingerprint-sealed-result': 'not base64!' });
    expect([thrown.status, await thrown.json()]).toEqual([
      400,
      { error: { code: 'SEALED_RESULT_MALFORMED', message: expect.any(String) } },
    ]);
    expect(caught).toEqual(['SEALED_RESULT_MALFORMED']);
    await served.close();

    const bare = await started(
      new Hono().post('/default', fingerprintGuard({ fingerprint: { keys: [key] }, throwErrors: true }), (c) =>
        c.text('ok'),
      ),
    );
    const fallback = await bare.post('/default');
    expect([fallback.status, await fallback.json()]).toEqual([
      401,
      { error: { code: 'CREDENTIAL_MISSING', message: expect.any(String) } },
    ]);
    await bare.close();
  });

  it('bind.ip without clientIp is CONFIG_INVALID at construction: Hono has no client IP of its own', () => {
    expect(() => fingerprintGuard({ fingerprint: { keys: [key] }, bind: { ip: true } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() =>
      fingerprintGuard({
        fingerprint: { keys: [key] },
        bind: { ip: true },
        clientIp: clientIpFromConnInfo(getConnInfo),
      }),
    ).not.toThrow();
  });

  it('never trusts X-Forwarded-For: the IP is the socket’s', async () => {
    const app = new Hono().post(
      '/login',
      fingerprintGuard({
        fingerprint: { keys: [key] },
        bind: { ip: true },
        clientIp: clientIpFromConnInfo(getConnInfo),
        logger: quiet,
      }),
      (c) => c.text('ok'),
    );
    const served = await started(app);
    const from = (ip: string) => sealEvent(createEvent({ ip_address: ip }), key);
    expect(
      (
        await served.post('/login', {
          'fingerprint-sealed-result': from('198.51.100.7'),
          'x-forwarded-for': '198.51.100.7',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await served.post('/login', {
          'fingerprint-sealed-result': from('127.0.0.1'),
          'x-forwarded-for': '198.51.100.7',
        })
      ).status,
    ).toBe(200);
    await served.close();
  });

  it('accepts an already-built guard shared by routes, and hands check() the Context', async () => {
    const seen: string[] = [];
    const guard = createFingerprintGuard<Context>({
      fingerprint: { keys: [key] },
      check: (_fingerprint, c) => {
        seen.push(c.req.path);
        return c.req.path !== '/blocked';
      },
      logger: quiet,
    });
    const app = new Hono();
    for (const path of ['/login', '/checkout', '/blocked'])
      app.post(path, fingerprintGuard(guard), (c) => c.text('ok'));
    const served = await started(app);
    const once = sealed();
    expect((await served.post('/login', { 'fingerprint-sealed-result': once })).status).toBe(200);
    expect((await served.post('/checkout', { 'fingerprint-sealed-result': once })).status).toBe(409);
    expect((await served.post('/blocked', { 'fingerprint-sealed-result': sealed() })).status).toBe(403);
    expect(seen).toEqual(['/login', '/blocked']);
    await served.close();
  });

  it('takes options as a function, read at the first request: a Worker builds it from its env', async () => {
    let reads = 0;
    const app = new Hono<{ Bindings: { FP_SEALED_KEY: string } }>();
    let key: string | undefined;
    app.post(
      '/login',
      fingerprintGuard(() => {
        reads++;
        return {
          fingerprint: { keys: [key!] },
          onDenied: (error, c) => c.text(`lazy: ${error.code}`, error.status as 409),
        };
      }),
      (c) => c.json({ eventId: c.get('fingerprint').eventId }),
    );
    expect(reads).toBe(0);
    key = generateKey();
    const once = sealEvent(createEvent(), key);
    expect(
      (await app.request('/login', { method: 'POST', headers: { 'fingerprint-sealed-result': once } })).status,
    ).toBe(200);
    const again = await app.request('/login', { method: 'POST', headers: { 'fingerprint-sealed-result': once } });
    expect([again.status, await again.text()]).toEqual([409, 'lazy: EVENT_REPLAYED']);
    expect(reads).toBe(1);
  });

  it('answers through app.request() too, without a server', async () => {
    const app = new Hono().post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (c) =>
      c.json({ eventId: c.get('fingerprint').eventId }),
    );
    const once = sealed();
    expect(
      (await app.request('/login', { method: 'POST', headers: { 'fingerprint-sealed-result': once } })).status,
    ).toBe(200);
    expect(
      (await app.request('/login', { method: 'POST', headers: { 'fingerprint-sealed-result': once } })).status,
    ).toBe(409);
  });

  it('lets a sealed result in a header through in the tick it arrived in, and waits for a body or an async store', async () => {
    // A microtask queued before the guard runs after the route only if the guard let the request through at once.
    const app = new Hono<{ Variables: { microtaskRan: boolean } }>();
    const routeRanBeforeMicrotask: Record<string, boolean> = {};
    app.use('*', async (c, next) => {
      c.set('microtaskRan', false);
      queueMicrotask(() => c.set('microtaskRan', true));
      await next();
    });
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const route = (name: string) => (c: Context<{ Variables: { microtaskRan: boolean } }>) => {
      routeRanBeforeMicrotask[name] = c.get('microtaskRan') === false;
      return c.json({});
    };
    app.post('/header', fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: memory } }), route('header'));
    app.post('/body', fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: memory } }), route('body'));
    app.post(
      '/async',
      fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: asyncStore } }),
      route('async'),
    );
    const served = await serve(app);
    for (const path of ['header', 'async']) {
      const headers = { 'fingerprint-sealed-result': sealed() };
      expect((await fetch(`${served.url}/${path}`, { method: 'POST', headers })).status).toBe(200);
    }
    const body = JSON.stringify({ sealed_result: sealed() });
    const json = { 'content-type': 'application/json' };
    expect((await fetch(`${served.url}/body`, { method: 'POST', headers: json, body })).status).toBe(200);
    expect(routeRanBeforeMicrotask).toEqual({ header: true, async: false, body: false });
    await served.close();
  });

  it('decides from the header it reads first without waiting for a body, and searches the body when that header is absent', async () => {
    const options = { fingerprint: { keys: [key] }, cside: { apiKey: 'cside-test-key' }, logger: quiet };
    const app = new Hono();
    app.post('/login', fingerprintGuard(options), (c) => c.json({ provider: c.get('fingerprint').provider }));
    app.post('/profile', fingerprintGuard(options), async (c) => c.json(await c.req.json()));
    const served = await started(app);
    // A JSON body that starts and never ends: the sealed result in the header decides, at once.
    const stalled = httpRequest(`${served.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'fingerprint-sealed-result': sealed() },
    });
    stalled.write('{"user": "ann", ');
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      stalled.on('response', resolve).on('error', reject);
    });
    expect(answer.statusCode).toBe(200);
    stalled.destroy();
    // The body the guard left unread is the handler's to read.
    const read = await served.post(
      '/profile',
      { 'content-type': 'application/json', 'fingerprint-sealed-result': sealed() },
      JSON.stringify({ user: 'bob' }),
    );
    expect(await read.json()).toEqual({ user: 'bob' });
    // A header the guard looks at later (cside's) spares nothing: the sealed result, looked for first, is in the body.
    const later = await served.post(
      '/login',
      { 'content-type': 'application/json', 'cside-token': 'a-session-token' },
      JSON.stringify({ sealed_result: sealed() }),
    );
    expect(await later.json()).toEqual({ provider: 'fingerprint' });
    await served.close();
  });

  it("reads the headers a middleware changed in place on @hono/node-server's request, as c.req.header() does", async () => {
    const app = new Hono();
    // node-server's Request headers are mutable: what a middleware sets or deletes there is what the app reads.
    app.use('/login', async (c, next) => {
      const moved = c.req.header('x-sealed');
      if (moved) c.req.raw.headers.set('fingerprint-sealed-result', moved);
      if (c.req.header('x-drop') === 'yes') c.req.raw.headers.delete('fingerprint-sealed-result');
      await next();
    });
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet }), (c) =>
      c.json({ eventId: c.get('fingerprint').eventId }),
    );
    const served = await started(app);
    expect((await served.post('/login', { 'x-sealed': sealed() })).status).toBe(200);
    const dropped = await served.post('/login', { 'fingerprint-sealed-result': sealed(), 'x-drop': 'yes' });
    expect(await dropped.json()).toMatchObject({ error: { code: 'CREDENTIAL_MISSING' } });
    await served.close();
  });

  it('reads a request that a middleware replaced (c.req.raw = new Request(…)) through its own headers', async () => {
    const app = new Hono();
    // The sealed result arrives under another name and a middleware moves it, as a proxy-facing app might.
    app.use('/login', async (c, next) => {
      const headers = new Headers(c.req.raw.headers);
      headers.set('fingerprint-sealed-result', headers.get('x-sealed') ?? '');
      c.req.raw = new Request(c.req.raw, { headers });
      await next();
    });
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet }), (c) =>
      c.json({ eventId: c.get('fingerprint').eventId }),
    );
    const served = await started(app);
    expect((await served.post('/login', { 'x-sealed': sealed() })).status).toBe(200);
    await served.close();
  });

  it('reads a multipart body whose boundary has capitals, as Chrome and Safari send their multipart form posts', async () => {
    const app = new Hono().post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet }), (c) =>
      c.json({ eventId: c.get('fingerprint').eventId }),
    );
    const served = await started(app);
    const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="sealed_result"\r\n\r\n${sealed()}\r\n--${boundary}--\r\n`;
    const answer = await served.post('/login', { 'content-type': `multipart/form-data; boundary=${boundary}` }, body);
    expect(answer.status).toBe(200);
    await served.close();
  });

  it('throws CONFIG_INVALID at construction for a bad option', () => {
    expect(() => fingerprintGuard({ fingerprint: { keys: ['short'] } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => fingerprintGuard({ fingerprint: { keys: [key] }, onDenyed: vi.fn() } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => clientIpFromConnInfo(undefined as never)).toThrow(TypeError);
  });
});

describe('fingerprintWebhook on Hono', () => {
  it('leaves the body readable, and answers CONFIG_INVALID as JSON when something read the raw body first', async () => {
    const { createHmac } = await import('node:crypto');
    const secret = 'whsec_hono';
    const app = new Hono();
    app.post('/hook', fingerprintWebhook({ secret, logger: quiet }), async (c) =>
      c.json({ same: (await c.req.json()).event_id === c.get('fingerprintWebhookEvent').event_id }),
    );
    app.post(
      '/late',
      async (c, next) => {
        await c.req.text();
        await next();
      },
      fingerprintWebhook({ secret, logger: quiet }),
      (c) => c.body(null, 204),
    );
    app.onError((error, c) => c.json({ caught: (error as { code?: string }).code }, 500));
    const served = await started(app);
    const body = JSON.stringify(createEvent());
    const headers = {
      'content-type': 'application/json',
      'fpjs-event-signature': `v1=${createHmac('sha256', secret).update(body).digest('hex')}`,
    };
    expect(await (await served.post('/hook', headers, body)).json()).toEqual({ same: true });
    const late = await served.post('/late', headers, body);
    expect(late.status).toBe(500);
    expect(await late.json()).toMatchObject({ error: { code: 'CONFIG_INVALID' } });
    await served.close();
  });
});
