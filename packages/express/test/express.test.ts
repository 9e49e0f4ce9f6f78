import express5, { type ErrorRequestHandler, type Express } from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import {
  createFingerprintGuard,
  fingerprintGuard,
  FingerprintGuardError,
  type ExpressFingerprintGuardOptions,
  type FingerprintEvent,
  type FingerprintRequest,
  type ReplayStore,
} from '../src/index.js';
import { serve, type Served } from './server.js';

const key = generateKey();
const otherKey = generateKey();
const MINUTE = 60_000;

function testLogger() {
  return { warn: vi.fn(), error: vi.fn() };
}

/** A guarded POST /login that echoes what the route saw. */
function appWith(express: typeof express5, options: Partial<ExpressFingerprintGuardOptions> = {}): Express {
  const app = express();
  app.use(express.json({ limit: '1mb' }), express.urlencoded({ extended: false }));
  app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, logger: testLogger(), ...options }), (req, res) => {
    const { fingerprint } = req as FingerprintRequest;
    res.json({
      eventId: fingerprint.eventId,
      visitorId: fingerprint.visitorId,
      keyIndex: fingerprint.provider === 'fingerprint' ? fingerprint.keyIndex : undefined,
      replayCheck: fingerprint.replayCheck,
      denial: fingerprint.denial?.code ?? null,
    });
  });
  return app;
}

async function post(served: Served, sealed?: string, init: { body?: unknown; form?: boolean } = {}) {
  const headers: Record<string, string> = {};
  if (sealed !== undefined) headers['fingerprint-sealed-result'] = sealed;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.body as Record<string, string>).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(`${served.url}/login`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const sealed = (overrides: Partial<FingerprintEvent> = {}, sealingKey = key) => sealEvent(createEvent(overrides), sealingKey);

/** For each deny rule, an event override that raises exactly that signal. */
const SIGNAL_EVENTS: Record<string, Partial<FingerprintEvent>> = {
  bot: { bot: 'bad' },
  goodBot: { bot: 'good' },
  vpn: { vpn: true },
  proxy: { proxy: true },
  tor: { ip_blocklist: { tor_node: true, attack_source: false, email_spam: false } },
  tampering: { tampering: true },
  incognito: { incognito: true },
  virtualMachine: { virtual_machine: true },
  developerTools: { developer_tools: true },
  emulator: { emulator: true },
  privacySettings: { privacy_settings: true },
  jailbroken: { jailbroken: true },
  frida: { frida: true },
  clonedApp: { cloned_app: true },
  rootApps: { root_apps: true },
  locationSpoofing: { location_spoofing: true },
  mitmAttack: { mitm_attack: true },
  highActivity: { high_activity_device: true },
  ipBlocklisted: { ip_blocklist: { tor_node: false, attack_source: true, email_spam: false } },
};

describe.each([
  ['Express 5', express5],
  ['Express 4', express4 as typeof express5],
])('%s: fingerprintGuard()', (_version, express) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(appWith(express, { deny: Object.fromEntries(Object.keys(SIGNAL_EVENTS).map((name) => [name, true])) }));
  });
  afterAll(() => served.close());

  it('lets a fresh identification through and sets req.fingerprint', async () => {
    const event = createEvent();
    const { status, body } = await post(served, sealEvent(event, key));
    expect(status).toBe(200);
    expect(body).toEqual({
      eventId: event.event_id,
      visitorId: event.identification!.visitor_id,
      keyIndex: 0,
      replayCheck: 'claimed',
      denial: null,
    });
  });

  it('reads the sealed result from a JSON body and from a form body', async () => {
    expect((await post(served, undefined, { body: { sealed_result: sealed(), user: 'ann' } })).status).toBe(200);
    expect((await post(served, undefined, { body: { sealed_result: sealed() }, form: true })).status).toBe(200);
  });

  it('rejects the same sealed result the second time: 409 EVENT_REPLAYED', async () => {
    const once = sealed();
    expect((await post(served, once)).status).toBe(200);
    expect(await post(served, once)).toEqual({
      status: 409,
      body: { error: { code: 'EVENT_REPLAYED', message: expect.any(String) } },
    });
    // The same event from the body is the same replay.
    expect((await post(served, undefined, { body: { sealed_result: once } })).status).toBe(409);
  });

  it.each([
    ['stale', { timestamp: Date.now() - 10 * MINUTE }, 401, 'EVENT_EXPIRED'],
    ['from the future', { timestamp: Date.now() + 5 * MINUTE }, 401, 'EVENT_FROM_FUTURE'],
  ])('rejects a %s identification', async (_name, overrides, status, code) => {
    expect(await post(served, sealed(overrides))).toMatchObject({ status, body: { error: { code } } });
  });

  it.each([
    ['missing', undefined, 401, 'CREDENTIAL_MISSING'],
    ['not base64', 'this is not base64!', 400, 'SEALED_RESULT_MALFORMED'],
    ['tampered', (() => {
      const bytes = Buffer.from(sealed(), 'base64');
      bytes[30]! ^= 0x80;
      return bytes.toString('base64');
    })(), 401, 'SEALED_RESULT_DECRYPTION_FAILED'],
    ['sealed with another key', sealed({}, otherKey), 401, 'SEALED_RESULT_DECRYPTION_FAILED'],
    ['another version header', Buffer.concat([Buffer.from([1, 2, 3, 4]), Buffer.from(sealed(), 'base64').subarray(4)]).toString('base64'), 400, 'SEALED_RESULT_UNSUPPORTED_VERSION'],
  ])('rejects a %s credential', async (_name, credential, status, code) => {
    expect(await post(served, credential)).toMatchObject({ status, body: { error: { code } } });
  });

  it('rejects an oversized sealed result in the body: 413 SEALED_RESULT_TOO_LARGE', async () => {
    const huge = 'A'.repeat(200 * 1024);
    expect(await post(served, undefined, { body: { sealed_result: huge } })).toMatchObject({
      status: 413,
      body: { error: { code: 'SEALED_RESULT_TOO_LARGE' } },
    });
  });

  it('rejects a body field that is not one string (array, number, object) as malformed', async () => {
    for (const value of [[sealed(), sealed()], 42, { sealed: 'x' }]) {
      expect(await post(served, undefined, { body: { sealed_result: value } })).toMatchObject({
        status: 400,
        body: { error: { code: 'SEALED_RESULT_MALFORMED' } },
      });
    }
  });

  for (const [rule, overrides] of Object.entries(SIGNAL_EVENTS)) {
    it(`denies on deny.${rule}: 403 EVENT_DENIED naming the rule`, async () => {
      const { status, body } = await post(served, sealed(overrides));
      expect(status).toBe(403);
      expect(body.error.code).toBe('EVENT_DENIED');
      expect(body.error.message).toContain(rule);
    });
  }
});

describe.each([
  ['Express 5', express5],
  ['Express 4', express4 as typeof express5],
])('%s: rules, modes and stores', (_version, express) => {
  const running: Served[] = [];
  afterAll(() => Promise.all(running.map((s) => s.close())));
  async function start(options: Partial<ExpressFingerprintGuardOptions>, app = appWith(express, options)) {
    const served = await serve(app);
    running.push(served);
    return served;
  }

  it('denies below minConfidence, and an event without a score', async () => {
    const served = await start({ minConfidence: 0.9 });
    const low = sealed({ identification: { visitor_id: 'v', visitor_found: true, confidence: { score: 0.4 } } });
    expect(await post(served, low)).toMatchObject({ status: 403, body: { error: { code: 'EVENT_DENIED' } } });
    expect((await post(served, sealed({ identification: undefined }))).status).toBe(403);
    expect((await post(served, sealed())).status).toBe(200);
  });

  it('runs a custom check with the Express request: sync, async, false, throwing', async () => {
    const seen: string[] = [];
    const served = await start({
      check: async (fingerprint, req) => {
        seen.push(`${req.method} ${req.path} ${fingerprint.eventId}`);
        const tag = fingerprint.provider === 'fingerprint' ? fingerprint.event.tags?.decision : undefined;
        if (tag === 'deny') return false;
        if (tag === 'async-deny') return new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5));
        if (tag === 'throw') throw new Error('bug in my check');
        if (tag === 'custom') throw new FingerprintGuardError('EVENT_DENIED', 'Checkout is closed for this account.', { rule: 'account' });
        return true;
      },
    });
    const allowedEvent = createEvent();
    expect((await post(served, sealEvent(allowedEvent, key))).status).toBe(200);
    expect(seen).toEqual([`POST /login ${allowedEvent.event_id}`]);
    for (const decision of ['deny', 'async-deny', 'throw']) {
      expect(await post(served, sealed({ tags: { decision } }))).toMatchObject({ status: 403, body: { error: { code: 'EVENT_DENIED' } } });
    }
    expect(await post(served, sealed({ tags: { decision: 'custom' } }))).toMatchObject({
      status: 403,
      body: { error: { code: 'EVENT_DENIED', message: 'Checkout is closed for this account.' } },
    });
  });

  it('monitor mode lets everything through, attaching the denial it would have made', async () => {
    const logger = testLogger();
    const served = await start({ mode: 'monitor', deny: { vpn: true }, logger });
    const once = sealed({ vpn: true });
    expect(await post(served, once)).toMatchObject({ status: 200, body: { denial: 'EVENT_DENIED' } });
    expect(await post(served, once)).toMatchObject({ status: 200, body: { denial: 'EVENT_REPLAYED' } });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('would deny with EVENT_REPLAYED'), expect.anything());
    // Without any credential the route still runs, without req.fingerprint.
    const app = express();
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, mode: 'monitor', logger }), (req, res) => {
      res.json({ hasFingerprint: req.fingerprint !== undefined });
    });
    expect(await post(await start({}, app))).toEqual({ status: 200, body: { hasFingerprint: false } });
  });

  it('a failing store denies with 503 by default, and is logged and skipped with onStoreError: allow', async () => {
    const broken: ReplayStore = { claim: () => Promise.reject(new Error('connection refused')) };
    const denying = await start({ replay: { store: broken } });
    expect(await post(denying, sealed())).toMatchObject({ status: 503, body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } } });

    const logger = testLogger();
    const allowing = await start({ replay: { store: broken }, onStoreError: 'allow', logger });
    expect(await post(allowing, sealed())).toMatchObject({ status: 200, body: { replayCheck: 'store-failed-open' } });
    expect(await post(allowing, sealed())).toMatchObject({ status: 200 });
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('a store that throws synchronously or answers nonsense is unavailable, not a crash', async () => {
    const throwing = await start({ replay: { store: { claim: () => { throw new Error('boom'); } } } });
    expect((await post(throwing, sealed())).status).toBe(503);
    const nonsense = await start({ replay: { store: { claim: () => Promise.resolve('OK' as unknown as boolean) } } });
    expect((await post(nonsense, sealed())).status).toBe(503);
  });

  it('a store that never answers times out into 503 after replay.timeout', async () => {
    const hanging: ReplayStore = { claim: () => new Promise<boolean>(() => {}) };
    const served = await start({ replay: { store: hanging, timeout: '150ms' } });
    const started = performance.now();
    const result = await post(served, sealed());
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 503, body: { error: { code: 'REPLAY_STORE_UNAVAILABLE', message: expect.stringContaining('150 ms') } } });
    expect(elapsed).toBeGreaterThanOrEqual(140);
  });

  it('replay: false is allowed, warned about once, and lets a replay through', async () => {
    const logger = testLogger();
    const served = await start({ replay: false, logger });
    const once = sealed();
    expect((await post(served, once)).status).toBe(200);
    expect(await post(served, once)).toMatchObject({ status: 200, body: { replayCheck: 'disabled' } });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('tries keys in order for rotation, and tells which one matched', async () => {
    const served = await start({ fingerprint: { keys: [otherKey, key] } });
    expect(await post(served, sealed())).toMatchObject({ status: 200, body: { keyIndex: 1 } });
    expect(await post(served, sealed({}, otherKey))).toMatchObject({ status: 200, body: { keyIndex: 0 } });
  });

  it('onDenied replaces the answer, and forwardErrors hands the error to the error middleware', async () => {
    const custom = await start({
      onDenied: (error, _req, res) => res.status(error.status).send(`denied: ${error.code}`),
    });
    const response = await fetch(`${custom.url}/login`, { method: 'POST' });
    expect([response.status, await response.text()]).toEqual([401, 'denied: CREDENTIAL_MISSING']);

    const app = express();
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] }, forwardErrors: true }), (_req, res) => res.send('ok'));
    const handler: ErrorRequestHandler = (error, _req, res, _next) => res.status(499).json({ caught: error.code });
    app.use(handler);
    const forwarded = await start({}, app);
    expect(await post(forwarded)).toEqual({ status: 499, body: { caught: 'CREDENTIAL_MISSING' } });
  });

  it('accepts an already-built guard, shared by several routes and one replay store', async () => {
    const guard = createFingerprintGuard<express5.Request>({ fingerprint: { keys: [key] } });
    const app = express();
    app.post('/login', fingerprintGuard(guard), (_req, res) => res.json({ route: 'login' }));
    app.post('/checkout', fingerprintGuard(guard), (_req, res) => res.json({ route: 'checkout' }));
    const served = await start({}, app);
    const once = sealed();
    const headers = { 'fingerprint-sealed-result': once };
    expect((await fetch(`${served.url}/login`, { method: 'POST', headers })).status).toBe(200);
    expect((await fetch(`${served.url}/checkout`, { method: 'POST', headers })).status).toBe(409);
  });

  it('200 concurrent requests with one sealed result: exactly one 200 and 199 × 409', async () => {
    const served = await start({});
    const once = sealed();
    const statuses = await Promise.all(Array.from({ length: 200 }, () => post(served, once).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
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
