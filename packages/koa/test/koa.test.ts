import { bodyParser } from '@koa/bodyparser';
import Koa, { type Middleware } from 'koa';
import Koa2 from 'koa2';
import { koaBody } from 'koa-body';
import { describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';
import {
  createFingerprintGuard,
  fingerprintGuard,
  fingerprintWebhook,
  MemoryReplayStore,
  type KoaFingerprintGuardOptions,
} from '../src/index.js';
import { serve } from './server.js';

const versions = [
  ['Koa 3', Koa],
  ['Koa 2', Koa2 as typeof Koa],
] as const;
const parsers: Array<[string, () => Middleware]> = [
  ['@koa/bodyparser', () => bodyParser() as Middleware],
  ['koa-body', () => koaBody({ urlencoded: true }) as Middleware],
];

function guardedApp(
  App: typeof Koa,
  parser: () => Middleware,
  options: KoaFingerprintGuardOptions | (() => KoaFingerprintGuardOptions),
): Koa {
  return new App()
    .use(parser())
    .use(fingerprintGuard(options))
    .use((ctx) => {
      ctx.body = describeFingerprint(ctx.state.fingerprint);
    });
}

for (const [version, App] of versions) {
  for (const [parserName, parser] of parsers) {
    adapterConformance(`${version} with ${parserName}`, async (options, { host }) => {
      const source = options as KoaFingerprintGuardOptions | (() => KoaFingerprintGuardOptions);
      const served = await serve(guardedApp(App, parser, source), host);
      return { url: `${served.url}/login`, close: served.close };
    });
  }
  webhookConformance(version, async (options, handle) => {
    const app = new App().use(fingerprintWebhook(options)).use(async (ctx) => {
      await handle(ctx.state.fingerprintWebhookEvent!);
      ctx.status = 204;
    });
    app.silent = true;
    return serve(app);
  });
}

const key = generateKey();
const quiet = { warn() {}, error() {} };
const post = (url: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers });

describe.each(versions)('%s specifics', (_version, App) => {
  it('onDenied replaces the answer', async () => {
    const served = await serve(
      guardedApp(App, parsers[0]![1], {
        fingerprint: { keys: [key] },
        onDenied: (error, ctx) => {
          ctx.status = 418;
          ctx.body = `denied: ${error.code}`;
        },
      }),
    );
    const response = await post(served.url);
    expect([response.status, await response.text()]).toEqual([418, 'denied: CREDENTIAL_MISSING']);
    await served.close();
  });

  it('throwErrors throws into the app’s own error middleware, with ctx.throw semantics', async () => {
    const app = new App()
      .use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          const e = error as { status: number; code: string; expose: boolean };
          ctx.status = e.status;
          ctx.body = { caught: e.code, expose: e.expose };
        }
      })
      .use(fingerprintGuard({ fingerprint: { keys: [key] }, throwErrors: true }))
      .use((ctx) => {
        ctx.body = 'ok';
      });
    const served = await serve(app);
    const response = await post(served.url);
    expect([response.status, await response.json()]).toEqual([401, { caught: 'CREDENTIAL_MISSING', expose: true }]);
    await served.close();
  });

  it('without an error middleware, Koa answers a thrown denial with its status and message', async () => {
    const app = new App().use(fingerprintGuard({ fingerprint: { keys: [key] }, throwErrors: true }));
    app.silent = true;
    const served = await serve(app);
    const response = await post(served.url, { 'fingerprint-sealed-result': 'not base64!' });
    expect([response.status, await response.text()]).toEqual([400, 'The sealed result is not valid base64.']);
    await served.close();
  });

  it('lets a sealed result claimed in the memory store through in the tick it arrived in, and waits for an async store', async () => {
    // A microtask queued before the guard runs after the next middleware only if the guard let the request through at once.
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const ranBeforeMicrotask: Record<string, boolean> = {};
    const appWith = (name: string, store: typeof memory | typeof asyncStore) =>
      new App()
        .use((ctx, next) => {
          ctx.state.microtaskRan = false;
          queueMicrotask(() => {
            ctx.state.microtaskRan = true;
          });
          return next();
        })
        .use(fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store } }))
        .use((ctx) => {
          ranBeforeMicrotask[name] = ctx.state.microtaskRan === false;
          ctx.body = 'ok';
        });
    for (const [name, store] of [
      ['sync', memory],
      ['async', asyncStore],
    ] as const) {
      const served = await serve(appWith(name, store));
      const sealed = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
      expect((await post(`${served.url}/login`, sealed)).status).toBe(200);
      expect((await post(`${served.url}/login`, sealed)).status).toBe(409);
      await served.close();
    }
    expect(ranBeforeMicrotask).toEqual({ sync: true, async: false });
  });

  it('hands check() the Koa context, and shares one built guard between routes', async () => {
    const seen: string[] = [];
    const guard = createFingerprintGuard<Koa.Context>({
      fingerprint: { keys: [key] },
      check: (_fingerprint, ctx) => {
        seen.push(`${ctx.method} ${ctx.path}`);
        return ctx.path !== '/blocked';
      },
      logger: quiet,
    });
    const app = new App().use(fingerprintGuard(guard)).use((ctx) => {
      ctx.body = 'ok';
    });
    const served = await serve(app);
    const sealed = sealEvent(createEvent(), key);
    expect((await post(`${served.url}/login`, { 'fingerprint-sealed-result': sealed })).status).toBe(200);
    expect((await post(`${served.url}/checkout`, { 'fingerprint-sealed-result': sealed })).status).toBe(409);
    expect(
      (await post(`${served.url}/blocked`, { 'fingerprint-sealed-result': sealEvent(createEvent(), key) })).status,
    ).toBe(403);
    expect(seen).toEqual(['POST /login', 'POST /blocked']);
    await served.close();
  });
});

describe('the Koa versions under test', () => {
  it('are really 2 and 3', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    expect(require('koa2/package.json').version).toMatch(/^2\./);
    expect(require('koa/package.json').version).toMatch(/^3\./);
  });
});
