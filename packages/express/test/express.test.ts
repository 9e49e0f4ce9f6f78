import { createHook } from 'node:async_hooks';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express5, { type ErrorRequestHandler, type Express } from 'express';
import express4 from 'express4';
import { describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';
import {
  createFingerprintGuard,
  fingerprintGuard,
  fingerprintWebhook,
  MemoryReplayStore,
  type ExpressFingerprintGuardOptions,
  type FingerprintRequest,
} from '../src/index.js';
import { serve } from './server.js';

const versions = [
  ['Express 5', express5],
  ['Express 4', express4 as typeof express5],
] as const;

/** The shared scenario table's app: POST /login behind the guard, JSON and form bodies parsed. */
function guardedApp(
  express: typeof express5,
  options: ExpressFingerprintGuardOptions | (() => ExpressFingerprintGuardOptions),
): Express {
  const app = express();
  app.use(express.json({ limit: '1mb' }), express.urlencoded({ extended: false }));
  app.post('/login', fingerprintGuard(options), (req, res) => res.json(describeFingerprint(req.fingerprint)));
  return app;
}

for (const [version, express] of versions) {
  adapterConformance(version, async (options, { host }) => {
    const served = await serve(
      guardedApp(express, options as ExpressFingerprintGuardOptions | (() => ExpressFingerprintGuardOptions)),
      host,
    );
    return { url: `${served.url}/login`, close: served.close };
  });
  webhookConformance(version, async (options, handle) => {
    const app = express();
    app.post('/webhooks/fingerprint', fingerprintWebhook(options), async (req, res, next) => {
      try {
        await handle(req.fingerprintWebhookEvent!);
        res.sendStatus(204);
      } catch (error) {
        next(error);
      }
    });
    const served = await serve(app);
    return { url: `${served.url}/webhooks/fingerprint`, close: served.close };
  });
}

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });

describe.each(versions)('%s specifics', (_version, express) => {
  it('reads the sealed result from a form body', async () => {
    const served = await serve(guardedApp(express, { fingerprint: { keys: [key] }, logger: quiet() }));
    const response = await fetch(`${served.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sealed_result: sealEvent(createEvent(), key), user: 'ann' }).toString(),
    });
    expect(response.status).toBe(200);
    await served.close();
  });

  it('onDenied replaces the answer, and forwardErrors hands the error to the error middleware', async () => {
    const custom = await serve(
      guardedApp(express, {
        fingerprint: { keys: [key] },
        onDenied: (error, _req, res) => res.status(error.status).send(`denied: ${error.code}`),
      }),
    );
    const response = await fetch(`${custom.url}/login`, { method: 'POST' });
    expect([response.status, await response.text()]).toEqual([401, 'denied: CREDENTIAL_MISSING']);

    const app = express();
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, forwardErrors: true }), (_req, res) =>
      res.send('ok'),
    );
    const handler: ErrorRequestHandler = (error, _req, res, _next) => res.status(499).json({ caught: error.code });
    app.use(handler);
    const forwarded = await serve(app);
    const caught = await fetch(`${forwarded.url}/login`, { method: 'POST' });
    expect([caught.status, await caught.json()]).toEqual([499, { caught: 'CREDENTIAL_MISSING' }]);
    await Promise.all([custom.close(), forwarded.close()]);
  });

  it('a ruleset block: onDenied and forwardErrors still win, and get the action on the error', async () => {
    const rule_action = {
      type: 'block',
      ruleset_id: 'rs_1',
      rule_id: 'r_1',
      status_code: 429,
      body: 'rule says no',
    } as const;
    const blocked = () => sealEvent(createEvent({ rule_action }), key);
    const custom = await serve(
      guardedApp(express, {
        fingerprint: { keys: [key] },
        honorRuleAction: true,
        onDenied: (error, _req, res) => res.status(451).json({ ruleId: error.ruleAction?.rule_id }),
      }),
    );
    const answer = await fetch(`${custom.url}/login`, {
      method: 'POST',
      headers: { 'fingerprint-sealed-result': blocked() },
    });
    expect([answer.status, await answer.json()]).toEqual([451, { ruleId: 'r_1' }]);
    const app = express();
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, honorRuleAction: true, forwardErrors: true }));
    const handler: ErrorRequestHandler = (error, _req, res, _next) => res.status(499).json(error.ruleAction);
    app.use(handler);
    const forwarded = await serve(app);
    const caught = await fetch(`${forwarded.url}/login`, {
      method: 'POST',
      headers: { 'fingerprint-sealed-result': blocked() },
    });
    expect([caught.status, await caught.json()]).toEqual([499, rule_action]);
    await Promise.all([custom.close(), forwarded.close()]);
  });

  it('an onDenied that throws or rejects goes to the error middleware; the process lives on', async () => {
    const caught: string[] = [];
    const app = express();
    const throwing = fingerprintGuard({
      fingerprint: { keys: [key] },
      onDenied: () => {
        throw new Error('sync onDenied bug');
      },
    });
    const rejecting = fingerprintGuard({
      fingerprint: { keys: [key] },
      onDenied: async () => {
        throw new Error('async onDenied bug');
      },
    });
    app.post('/sync', throwing, (_req, res) => res.send('ok'));
    app.post('/async', rejecting, (_req, res) => res.send('ok'));
    const handler: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      caught.push(error.message);
      res.status(500).json({ caught: error.message });
    };
    app.use(handler);
    const served = await serve(app);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    for (const path of ['/sync', '/async'])
      expect((await fetch(`${served.url}${path}`, { method: 'POST' })).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', unhandled);
    expect(caught).toEqual(['sync onDenied bug', 'async onDenied bug']);
    expect(unhandled).not.toHaveBeenCalled();
    await served.close();
  });

  it('warns once, naming express.json(), when a JSON body reaches the guard unparsed', async () => {
    const logger = quiet();
    const app = express();
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, logger }), (_req, res) => res.send('ok'));
    const served = await serve(app);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${served.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sealed_result: sealEvent(createEvent(), key) }),
      });
      expect(response.status).toBe(401);
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toContain('express.json()');
    await served.close();
  });

  it('takes options as a function, read at the first request: the app starts without its secrets', async () => {
    const env: { FP_SEALED_KEYS?: string } = {};
    let reads = 0;
    const app = express();
    app.use(express.json());
    const lazy = fingerprintGuard(() => {
      reads++;
      return {
        fingerprint: { keys: env.FP_SEALED_KEYS!.split(',') },
        onDenied: (error, _req, res) => res.status(error.status).send(`denied: ${error.code}`),
      };
    });
    app.post('/login', lazy, (req, res) => res.json(describeFingerprint(req.fingerprint)));
    expect(reads).toBe(0);
    env.FP_SEALED_KEYS = key;
    const served = await serve(app);
    const once = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
    expect((await fetch(`${served.url}/login`, { method: 'POST', headers: once })).status).toBe(200);
    const again = await fetch(`${served.url}/login`, { method: 'POST', headers: once });
    expect([again.status, await again.text()]).toEqual([409, 'denied: EVENT_REPLAYED']);
    expect(reads).toBe(1);
    await served.close();
  });

  it('reads req.ip only when the guard needs it: not for a sealed result, yes for bind.ip', async () => {
    // Express works req.ip out from `trust proxy` and X-Forwarded-For at every read.
    const app = express();
    let reads = 0;
    const ip =
      Object.getOwnPropertyDescriptor(app.request, 'ip') ??
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app.request), 'ip')!;
    Object.defineProperty(app.request, 'ip', {
      configurable: true,
      get(this: express5.Request) {
        reads++;
        return ip.get!.call(this);
      },
    });
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (_req, res) => res.json({}));
    app.post('/bound', fingerprintGuard({ fingerprint: { keys: [key] }, bind: { ip: true } }), (_req, res) =>
      res.json({}),
    );
    const served = await serve(app);
    const sealed = () => ({ 'fingerprint-sealed-result': sealEvent(createEvent({ ip_address: '127.0.0.1' }), key) });
    expect((await fetch(`${served.url}/login`, { method: 'POST', headers: sealed() })).status).toBe(200);
    expect(reads).toBe(0);
    expect((await fetch(`${served.url}/bound`, { method: 'POST', headers: sealed() })).status).toBe(200);
    expect(reads).toBeGreaterThan(0);
    await served.close();
  });

  it('makes no promise of its own for a request it lets through at once', async () => {
    // The guard called as Express calls it, with async hooks counting the promises made during the call.
    const guard = fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: new MemoryReplayStore() } });
    const req = new IncomingMessage(new Socket()) as express5.Request;
    req.method = 'POST';
    req.headers = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
    let promises = 0;
    const hook = createHook({
      init(_id, type) {
        if (type === 'PROMISE') promises++;
      },
    });
    const next = vi.fn();
    hook.enable();
    guard(req, new ServerResponse(req) as express5.Response, next);
    hook.disable();
    expect(next).toHaveBeenCalledWith();
    expect((req as FingerprintRequest).fingerprint.replayCheck).toBe('claimed');
    expect(promises).toBe(0);
  });

  it('lets a sealed result claimed in the memory store through in the tick it arrived in, and waits for an async store', async () => {
    // A microtask queued before the guard runs after the route only if the guard let the request through at once.
    const app = express();
    const routeRanBeforeMicrotask: Record<string, boolean> = {};
    const mark: express5.RequestHandler = (_req, res, next) => {
      res.locals.microtaskRan = false;
      queueMicrotask(() => {
        res.locals.microtaskRan = true;
      });
      next();
    };
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const route =
      (name: string): express5.RequestHandler =>
      (_req, res) => {
        routeRanBeforeMicrotask[name] = res.locals.microtaskRan === false;
        res.json({});
      };
    app.post(
      '/sync',
      mark,
      fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: memory } }),
      route('sync'),
    );
    app.post(
      '/async',
      mark,
      fingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: asyncStore } }),
      route('async'),
    );
    const served = await serve(app);
    for (const path of ['sync', 'async']) {
      const headers = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
      expect((await fetch(`${served.url}/${path}`, { method: 'POST', headers })).status).toBe(200);
      expect((await fetch(`${served.url}/${path}`, { method: 'POST', headers })).status).toBe(409);
    }
    expect(routeRanBeforeMicrotask).toEqual({ sync: true, async: false });
    await served.close();
  });

  it('accepts an already-built guard, shared by several routes and one replay store', async () => {
    const guard = createFingerprintGuard<express5.Request>({ fingerprint: { keys: [key] } });
    const app = express();
    app.post('/login', fingerprintGuard(guard), (_req, res) => res.json({ route: 'login' }));
    app.post('/checkout', fingerprintGuard(guard), (_req, res) => res.json({ route: 'checkout' }));
    const served = await serve(app);
    const headers = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
    expect((await fetch(`${served.url}/login`, { method: 'POST', headers })).status).toBe(200);
    expect((await fetch(`${served.url}/checkout`, { method: 'POST', headers })).status).toBe(409);
    await served.close();
  });

  it('replay: false is allowed, warned about once, and lets a replay through', async () => {
    const logger = quiet();
    const served = await serve(guardedApp(express, { fingerprint: { keys: [key] }, replay: false, logger }));
    const headers = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
    expect((await fetch(`${served.url}/login`, { method: 'POST', headers })).status).toBe(200);
    const again = await fetch(`${served.url}/login`, { method: 'POST', headers });
    expect([again.status, ((await again.json()) as { replayCheck: string }).replayCheck]).toEqual([200, 'disabled']);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    await served.close();
  });

  it('logs a store failure on every request it lets through with onStoreError: allow', async () => {
    const logger = quiet();
    const served = await serve(
      guardedApp(express, {
        fingerprint: { keys: [key] },
        replay: { store: { claim: () => Promise.reject(new Error('down')) } },
        onStoreError: 'allow',
        logger,
      }),
    );
    for (let i = 0; i < 2; i++) {
      await fetch(`${served.url}/login`, {
        method: 'POST',
        headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) },
      });
    }
    expect(logger.warn).toHaveBeenCalledTimes(2);
    await served.close();
  });
});

describe('the Express versions under test', () => {
  it('are really 4 and 5', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    expect(require('express4/package.json').version).toMatch(/^4\./);
    expect(require('express/package.json').version).toMatch(/^5\./);
  });
});

describe('configuration', () => {
  it.each([
    ['no provider', {}],
    ['a bad key', { fingerprint: { keys: ['short'] } }],
    ['an unknown deny rule', { fingerprint: { keys: [key] }, deny: { robots: true } }],
    ['a bad maxAge', { fingerprint: { keys: [key] }, maxAge: '5 minutes' }],
    ['minConfidence above 1', { fingerprint: { keys: [key] }, minConfidence: 2 }],
    ['an unknown mode', { fingerprint: { keys: [key] }, mode: 'audit' }],
    ['a store without claim', { fingerprint: { keys: [key] }, replay: { store: {} } }],
  ])('throws CONFIG_INVALID at construction for %s', (_name, options) => {
    expect(() => fingerprintGuard(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
