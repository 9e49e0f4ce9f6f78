// The Fastify adapter through real HTTP on Fastify 5 and 4: the shared tables (route hook, plugin, webhooks), then its own options.
import formbody from '@fastify/formbody';
import fastify5, { type FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';
import { describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';
import {
  createFingerprintGuard,
  fingerprintGuard,
  fingerprintPlugin,
  fingerprintWebhook,
  MemoryReplayStore,
  type FastifyFingerprintGuardOptions,
} from '../src/index.js';
import { serve } from './server.js';

const versions = [
  ['Fastify 5', fastify5],
  ['Fastify 4', fastify4 as unknown as typeof fastify5],
] as const;

for (const [version, fastify] of versions) {
  adapterConformance(`${version}, route-level preHandler`, async (options, { host }) => {
    const app = fastify();
    const source = options as FastifyFingerprintGuardOptions | (() => FastifyFingerprintGuardOptions);
    app.post('/login', { preHandler: fingerprintGuard(source) }, async (request) =>
      describeFingerprint(request.fingerprint),
    );
    const served = await serve(app, host);
    return { url: `${served.url}/login`, close: served.close };
  });
  adapterConformance(`${version}, fingerprintPlugin in a scope`, async (options, { host }) => {
    const app = fastify();
    await app.register(async (scope) => {
      // Fastify calls a function given as plugin options itself: the lazily configured form is a guard built from it.
      await scope.register(
        fingerprintPlugin,
        typeof options === 'function'
          ? { guard: createFingerprintGuard(options as () => FastifyFingerprintGuardOptions) }
          : (options as FastifyFingerprintGuardOptions),
      );
      scope.post('/login', async (request) => describeFingerprint(request.fingerprint));
    });
    const served = await serve(app, host);
    return { url: `${served.url}/login`, close: served.close };
  });
  webhookConformance(version, async (options, handle) => {
    const app = fastify();
    await app.register(fingerprintWebhook, {
      ...options,
      url: '/webhooks/fingerprint',
      handler: async (event, _request, reply) => {
        await handle(event);
        return reply.code(204).send();
      },
    });
    const served = await serve(app);
    return { url: `${served.url}/webhooks/fingerprint`, close: served.close };
  });
}

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const sealed = (overrides: Parameters<typeof createEvent>[0] = {}) => sealEvent(createEvent(overrides), key);
const post = (url: string, headers: Record<string, string> = {}, body?: string) =>
  fetch(url, { method: 'POST', headers, body });

async function started(app: FastifyInstance) {
  const served = await serve(app);
  return {
    ...served,
    post: (path: string, headers?: Record<string, string>, body?: string) =>
      post(`${served.url}${path}`, headers, body),
  };
}

describe.each(versions)('%s specifics', (_version, fastify) => {
  it('guards only the routes of the scope the plugin is registered in', async () => {
    const app = fastify();
    await app.register(async (account) => {
      await account.register(fingerprintPlugin, { fingerprint: { keys: [key] } });
      account.post('/login', async (request) => ({ visitorId: request.fingerprint?.visitorId }));
    });
    app.post('/health', async () => ({ ok: true }));
    const served = await started(app);
    expect((await served.post('/login')).status).toBe(401);
    expect((await served.post('/login', { 'fingerprint-sealed-result': sealed() })).status).toBe(200);
    expect((await served.post('/health')).status).toBe(200);
    await served.close();
  });

  it('lets a sealed result claimed in the memory store through in the tick it arrived in, and waits for an async store', async () => {
    // A microtask queued before the guard runs after the handler only if the guard let the request through at once.
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const ranBeforeMicrotask: Record<string, boolean> = {};
    const app = fastify();
    for (const [name, store] of [
      ['sync', memory],
      ['async', asyncStore],
    ] as const) {
      let microtaskRan = false;
      const mark = (_request: unknown, _reply: unknown, done: () => void) => {
        microtaskRan = false;
        queueMicrotask(() => {
          microtaskRan = true;
        });
        done();
      };
      const guard = fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store } });
      app.post(`/${name}`, { preHandler: [mark, guard] }, (_request, reply) => {
        ranBeforeMicrotask[name] = !microtaskRan;
        reply.send({ ok: true });
      });
    }
    const served = await started(app);
    for (const name of ['sync', 'async']) {
      const headers = { 'fingerprint-sealed-result': sealed() };
      expect((await served.post(`/${name}`, headers)).status).toBe(200);
      expect((await served.post(`/${name}`, headers)).status).toBe(409);
    }
    expect(ranBeforeMicrotask).toEqual({ sync: true, async: false });
    await served.close();
  });

  it('the plugin registered in two scopes shares one claim (one default store per application)', async () => {
    const app = fastify();
    for (const path of ['/login', '/checkout']) {
      await app.register(async (scope) => {
        await scope.register(fingerprintPlugin, { fingerprint: { keys: [key] } });
        scope.post(path, async () => ({ path }));
      });
    }
    const served = await started(app);
    const headers = { 'fingerprint-sealed-result': sealed() };
    expect((await served.post('/login', headers)).status).toBe(200);
    expect((await served.post('/checkout', headers)).status).toBe(409);
    await served.close();
  });

  it('onDenied answers through reply, or returns what is sent with the error’s status', async () => {
    const app = fastify();
    app.post(
      '/reply',
      {
        preHandler: fingerprintGuard({
          fingerprint: { keys: [key] },
          onDenied: (error, _request, reply) => reply.code(418).send(`denied: ${error.code}`),
        }),
      },
      async () => 'ok',
    );
    app.post(
      '/value',
      {
        preHandler: fingerprintGuard({
          fingerprint: { keys: [key] },
          onDenied: async (error) => ({ denied: error.code }),
        }),
      },
      async () => 'ok',
    );
    const handler = vi.fn(async () => 'ok');
    app.post(
      '/nothing',
      { preHandler: fingerprintGuard({ fingerprint: { keys: [key] }, onDenied: () => undefined }) },
      handler,
    );
    const served = await started(app);
    const byReply = await served.post('/reply');
    expect([byReply.status, await byReply.text()]).toEqual([418, 'denied: CREDENTIAL_MISSING']);
    const byValue = await served.post('/value');
    expect([byValue.status, await byValue.json()]).toEqual([401, { denied: 'CREDENTIAL_MISSING' }]);
    const byNothing = await served.post('/nothing');
    expect([byNothing.status, await byNothing.json()]).toMatchObject([401, { error: { code: 'CREDENTIAL_MISSING' } }]);
    expect(handler).not.toHaveBeenCalled();
    await served.close();
  });

  it('a ruleset block: onDenied gets the action and wins; one that returns nothing leaves the rule’s answer', async () => {
    const app = fastify();
    const rule = { type: 'block', ruleset_id: 'rs_1', rule_id: 'r_1', status_code: 429, body: 'rule says no' } as const;
    const options = { fingerprint: { keys: [key] }, honorRuleAction: true };
    app.post(
      '/own',
      {
        preHandler: fingerprintGuard({
          ...options,
          onDenied: async (error) => ({ ruleId: error.ruleAction?.rule_id }),
        }),
      },
      async () => 'ok',
    );
    app.post('/nothing', { preHandler: fingerprintGuard({ ...options, onDenied: () => undefined }) }, async () => 'ok');
    const served = await started(app);
    const headers = () => ({ 'fingerprint-sealed-result': sealed({ rule_action: rule }) });
    const own = await served.post('/own', headers());
    expect([own.status, await own.json()]).toEqual([403, { ruleId: 'r_1' }]);
    const nothing = await served.post('/nothing', headers());
    expect([nothing.status, await nothing.text()]).toEqual([429, 'rule says no']);
    await served.close();
  });

  it('throwErrors hands the error to setErrorHandler, and Fastify’s default handler answers with its status', async () => {
    const app = fastify();
    await app.register(async (scope) => {
      scope.setErrorHandler((error: { code?: string; statusCode?: number }, _request, reply) =>
        reply.code(error.statusCode ?? 500).send({ caught: error.code }),
      );
      scope.post(
        '/custom',
        { preHandler: fingerprintGuard({ fingerprint: { keys: [key] }, throwErrors: true }) },
        async () => 'ok',
      );
    });
    app.post(
      '/default',
      { preHandler: fingerprintGuard({ fingerprint: { keys: [key] } }, { throwErrors: true }) },
      async () => 'ok',
    );
    const served = await started(app);
    const custom = await served.post('/custom');
    expect([custom.status, await custom.json()]).toEqual([401, { caught: 'CREDENTIAL_MISSING' }]);
    const replayed = sealed();
    await served.post('/default', { 'fingerprint-sealed-result': replayed });
    const fallback = await served.post('/default', { 'fingerprint-sealed-result': replayed });
    expect([fallback.status, await fallback.json()]).toEqual([
      409,
      expect.objectContaining({ code: 'EVENT_REPLAYED', statusCode: 409 }),
    ]);
    await served.close();
  });

  it('an onDenied that throws or rejects reaches Fastify’s error handler; the process lives on', async () => {
    const app = fastify();
    app.setErrorHandler((error: Error, _request, reply) => reply.code(500).send({ caught: error.message }));
    const sync = fingerprintGuard({
      fingerprint: { keys: [key] },
      onDenied: () => {
        throw new Error('sync onDenied bug');
      },
    });
    const async = fingerprintGuard({
      fingerprint: { keys: [key] },
      onDenied: async () => {
        throw new Error('async onDenied bug');
      },
    });
    app.post('/sync', { preHandler: sync }, async () => 'ok');
    app.post('/async', { preHandler: async }, async () => 'ok');
    const served = await started(app);
    for (const [path, message] of [
      ['/sync', 'sync onDenied bug'],
      ['/async', 'async onDenied bug'],
    ] as const) {
      const response = await served.post(path);
      expect([response.status, await response.json()]).toEqual([500, { caught: message }]);
    }
    await served.close();
  });

  it('bind.ip uses request.ip, which follows trustProxy', async () => {
    const app = fastify({ trustProxy: '127.0.0.1' });
    app.post(
      '/login',
      { preHandler: fingerprintGuard({ fingerprint: { keys: [key] }, bind: { ip: true } }) },
      async (request) => ({ ip: request.ip }),
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
    ).toBe(200);
    expect(
      (
        await served.post('/login', {
          'fingerprint-sealed-result': from('127.0.0.1'),
          'x-forwarded-for': '198.51.100.7',
        })
      ).status,
    ).toBe(403);
    await served.close();

    const untrusting = fastify();
    untrusting.post(
      '/login',
      { preHandler: fingerprintGuard({ fingerprint: { keys: [key] }, bind: { ip: true } }) },
      async () => 'ok',
    );
    const direct = await started(untrusting);
    expect(
      (
        await direct.post('/login', {
          'fingerprint-sealed-result': from('198.51.100.7'),
          'x-forwarded-for': '198.51.100.7',
        })
      ).status,
    ).toBe(403);
    await direct.close();
  });

  it('takes options as a function, read at the first request: the app starts without its secrets', async () => {
    const env: { FP_SEALED_KEYS?: string } = {};
    let reads = 0;
    const app = fastify();
    const lazy = fingerprintGuard(() => {
      reads++;
      return { fingerprint: { keys: env.FP_SEALED_KEYS!.split(',') }, onDenied: (error) => ({ lazy: error.code }) };
    });
    app.post('/login', { preHandler: lazy }, async (request) => ({ eventId: request.fingerprint?.eventId }));
    await app.register(async (scope) => {
      await scope.register(fingerprintPlugin, {
        guard: createFingerprintGuard(() => ({ fingerprint: { keys: [env.FP_SEALED_KEYS!] } })),
      });
      scope.post('/scoped', async (request) => ({ eventId: request.fingerprint?.eventId }));
    });
    expect(reads).toBe(0);
    env.FP_SEALED_KEYS = key;
    const served = await started(app);
    const once = { 'fingerprint-sealed-result': sealed() };
    expect((await served.post('/login', once)).status).toBe(200);
    const again = await served.post('/login', once);
    expect([again.status, await again.json()]).toEqual([409, { lazy: 'EVENT_REPLAYED' }]);
    expect((await served.post('/scoped', { 'fingerprint-sealed-result': sealed() })).status).toBe(200);
    expect(reads).toBe(1);
    await served.close();
  });

  it('accepts an already-built guard, shared by routes, and hands check() the Fastify request', async () => {
    const seen: string[] = [];
    const guard = createFingerprintGuard<import('fastify').FastifyRequest>({
      fingerprint: { keys: [key] },
      check: (_fingerprint, request) => {
        seen.push(request.url);
        return request.url !== '/blocked';
      },
      logger: quiet(),
    });
    const app = fastify();
    for (const path of ['/login', '/checkout', '/blocked'])
      app.post(path, { preHandler: fingerprintGuard(guard) }, async () => 'ok');
    await app.register(async (scope) => {
      await scope.register(fingerprintPlugin, { guard, onDenied: (error) => ({ scoped: error.code }) });
      scope.post('/scoped', async () => 'ok');
    });
    const served = await started(app);
    const once = sealed();
    expect((await served.post('/login', { 'fingerprint-sealed-result': once })).status).toBe(200);
    expect((await served.post('/checkout', { 'fingerprint-sealed-result': once })).status).toBe(409);
    const scoped = await served.post('/scoped', { 'fingerprint-sealed-result': once });
    expect([scoped.status, await scoped.json()]).toEqual([409, { scoped: 'EVENT_REPLAYED' }]);
    expect((await served.post('/blocked', { 'fingerprint-sealed-result': sealed() })).status).toBe(403);
    expect(seen).toEqual(['/login', '/blocked']);
    await served.close();
  });

  it('a mistake in the plugin’s options fails app.ready() with CONFIG_INVALID', async () => {
    const app = fastify();
    app.register(fingerprintPlugin, { fingerprint: { keys: ['short'] } });
    await expect(app.ready()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const hooks = fastify();
    hooks.register(fingerprintWebhook, { secret: '', url: '/hook', handler: () => null });
    await expect(hooks.ready()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('the webhook route reads raw bytes of any content type; the app’s other routes keep their JSON parser', async () => {
    const { createHmac } = await import('node:crypto');
    const secret = 'whsec_fastify';
    const received: string[] = [];
    const app = fastify();
    await app.register(fingerprintWebhook, {
      secret,
      prefix: '/webhooks',
      url: '/fingerprint',
      handler: async (event) => {
        received.push(event.event_id);
        return { stored: event.event_id };
      },
    });
    app.post('/echo', async (request) => request.body);
    const served = await started(app);
    const body = JSON.stringify(createEvent());
    const signature = `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const delivered = await served.post(
      '/webhooks/fingerprint',
      { 'content-type': 'text/plain', 'fpjs-event-signature': signature },
      body,
    );
    expect([delivered.status, await delivered.json()]).toEqual([200, { stored: JSON.parse(body).event_id }]);
    const empty = await served.post('/webhooks/fingerprint', { 'fpjs-event-signature': signature });
    expect(empty.status).toBe(401);
    const echo = await served.post('/echo', { 'content-type': 'application/json' }, '{"a":1}');
    expect(await echo.json()).toEqual({ a: 1 });
    expect(received).toHaveLength(1);
    await served.close();
  });
});

describe('Fastify 5 with @fastify/formbody', () => {
  it('reads the sealed result from a form body', async () => {
    const app = fastify5();
    await app.register(formbody);
    app.post(
      '/login',
      { preHandler: fingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet() }) },
      async (request) => ({ eventId: request.fingerprint?.eventId }),
    );
    const served = await started(app);
    const response = await served.post(
      '/login',
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ sealed_result: sealed(), user: 'ann' }).toString(),
    );
    expect(response.status).toBe(200);
    await served.close();
  });
});

describe('the Fastify versions under test', () => {
  it('are really 4 and 5', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    expect(require('fastify4/package.json').version).toMatch(/^4\./);
    expect(require('fastify/package.json').version).toMatch(/^5\./);
  });
});

describe('configuration', () => {
  it.each([
    ['no provider', {}],
    ['a bad key', { fingerprint: { keys: ['short'] } }],
    ['an unknown deny rule', { fingerprint: { keys: [key] }, deny: { robots: true } }],
    ['an unknown option', { fingerprint: { keys: [key] }, onDenyed: () => {} }],
  ])('throws CONFIG_INVALID at construction for %s', (_name, options) => {
    expect(() => fingerprintGuard(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
