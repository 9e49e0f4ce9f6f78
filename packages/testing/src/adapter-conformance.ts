/** One table of guard scenarios that every framework adapter runs through real HTTP. */
import {
  FingerprintGuardError,
  type FingerprintEvent,
  type FingerprintGuardOptions,
  type ReplayStore,
} from '@fingerprint-guard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent } from './event.js';
import { generateKey, sealEvent } from './seal.js';
import { unconfiguredGuardRows } from './adapter-conformance-config.js';
import { ruleAndBindingRows } from './adapter-conformance-rules.js';
import { ruleActionRows } from './adapter-conformance-ruleset.js';
import { edgeRows } from './adapter-conformance-edge.js';
import { type ClientIpFeatures, clientIpRows } from './adapter-conformance-ip.js';
import {
  flipBit,
  REPORTS_EVERY_SIGNAL,
  SIGNAL_EVENTS,
  withHeader,
  type GuardedApp,
  type GuardedAppSettings,
  type StartGuardedApp,
} from './adapter-fixtures.js';

export { describeFingerprint, SIGNAL_EVENTS } from './adapter-fixtures.js';
export type { GuardedApp, GuardedAppSettings, StartGuardedApp } from './adapter-fixtures.js';
export type { ClientIpFeatures } from './adapter-conformance-ip.js';

const MINUTE = 60_000;
const quiet = { warn() {}, error() {} };

/**
 * Registers the scenario table for one adapter: fresh, step-up, environments, replayed, stale, future, missing,
 * malformed, tampered, wrong key, oversized, every deny rule, minConfidence, custom checks,
 * monitor mode, Fingerprint rulesets (a block answered with the rule's own status, headers and
 * body, the route never run), store failure (deny and allow), store time-out, key rotation, a 200-way race, a
 * lazily configured guard that cannot be configured (500 CONFIG_INVALID), the `clientIp`
 * presets over IPv4 and IPv6 (`features.peer: false` for an adapter with no connecting address),
 * and `fingerprint.edge` (the adapter must give the request's method and absolute URL; edge runs
 * only for a request with no credential, and is never claimed), against a fake Fingerprint API.
 *
 * @example
 * adapterConformance('Koa 3', async (options) => {
 *   const app = new Koa().use(bodyParser()).use(fingerprintGuard(options)).use((ctx) => { ctx.body = describeFingerprint(ctx.state.fingerprint); });
 *   ...listen on 127.0.0.1 and return { url, close }
 * });
 */
export function adapterConformance(
  name: string,
  startApp: StartGuardedApp,
  features: ClientIpFeatures = { peer: true },
): void {
  const key = generateKey();
  const otherKey = generateKey();
  const apps: GuardedApp[] = [];
  const start = async (
    options: Partial<FingerprintGuardOptions<never>> = {},
    settings: GuardedAppSettings = { host: '127.0.0.1' },
  ) => {
    const app = await startApp(
      { fingerprint: { keys: [key] }, logger: quiet, ...options } as FingerprintGuardOptions<never>,
      settings,
    );
    apps.push(app);
    return app;
  };
  const sealed = (overrides: Partial<FingerprintEvent> = {}, sealingKey = key) =>
    sealEvent(createEvent({ ...REPORTS_EVERY_SIGNAL, ...overrides }), sealingKey);

  async function post(app: GuardedApp, credential?: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...extraHeaders };
    if (credential !== undefined) headers['fingerprint-sealed-result'] = credential;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(app.url, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  describe(`adapter scenarios: ${name}`, () => {
    let app: GuardedApp;
    afterAll(() => Promise.all(apps.splice(0).map((running) => running.close())));

    it('lets a fresh identification through and hands the route its fingerprint', async () => {
      app = await start({ deny: Object.fromEntries(Object.keys(SIGNAL_EVENTS).map((rule) => [rule, true])) });
      const event = createEvent(REPORTS_EVERY_SIGNAL);
      expect(await post(app, sealEvent(event, key))).toEqual({
        status: 200,
        body: {
          eventId: event.event_id,
          visitorId: event.identification!.visitor_id,
          keyIndex: 0,
          replayCheck: 'claimed',
          denial: null,
          stepUp: null,
          signals: expect.objectContaining({ bot: false, vpn: false }),
        },
      });
    });

    it('reads the sealed result from a JSON body', async () => {
      expect((await post(app, undefined, { sealed_result: sealed(), user: 'ann' })).status).toBe(200);
    });

    it('rejects the same sealed result the second time: 409 EVENT_REPLAYED', async () => {
      const once = sealed();
      expect((await post(app, once)).status).toBe(200);
      expect(await post(app, once)).toEqual({
        status: 409,
        body: { error: { code: 'EVENT_REPLAYED', message: expect.any(String) } },
      });
      expect((await post(app, undefined, { sealed_result: once })).status).toBe(409);
    });

    it.each([
      ['stale', { timestamp: Date.now() - 10 * MINUTE }, 401, 'EVENT_EXPIRED'],
      ['from the future', { timestamp: Date.now() + 5 * MINUTE }, 401, 'EVENT_FROM_FUTURE'],
    ])('rejects a %s identification', async (_name, overrides, status, code) => {
      expect(await post(app, sealed(overrides))).toMatchObject({ status, body: { error: { code } } });
    });

    it.each([
      ['missing', () => undefined, 401, 'CREDENTIAL_MISSING'],
      ['not base64', () => 'this is not base64!', 400, 'SEALED_RESULT_MALFORMED'],
      ['tampered', () => flipBit(sealed()), 401, 'SEALED_RESULT_DECRYPTION_FAILED'],
      ['sealed with another key', () => sealed({}, otherKey), 401, 'SEALED_RESULT_DECRYPTION_FAILED'],
      ['of another version', () => withHeader(sealed(), [1, 2, 3, 4]), 400, 'SEALED_RESULT_UNSUPPORTED_VERSION'],
    ])('rejects a %s credential', async (_name, credential, status, code) => {
      expect(await post(app, credential())).toMatchObject({ status, body: { error: { code } } });
    });

    it('rejects an oversized sealed result in the body: 413 SEALED_RESULT_TOO_LARGE', async () => {
      expect(await post(app, undefined, { sealed_result: 'A'.repeat(200 * 1024) })).toMatchObject({
        status: 413,
        body: { error: { code: 'SEALED_RESULT_TOO_LARGE' } },
      });
    });

    it('rejects a body field that is not one string as malformed', async () => {
      for (const value of [[sealed(), sealed()], 42, { sealed: 'x' }]) {
        expect(await post(app, undefined, { sealed_result: value })).toMatchObject({
          status: 400,
          body: { error: { code: 'SEALED_RESULT_MALFORMED' } },
        });
      }
    });

    for (const [rule, overrides] of Object.entries(SIGNAL_EVENTS)) {
      it(`denies on deny.${rule}: 403 EVENT_DENIED naming the rule`, async () => {
        const { status, body } = await post(app, sealed(overrides));
        expect([status, body.error?.code]).toEqual([403, 'EVENT_DENIED']);
        expect(body.error.message).toContain(rule);
      });
    }

    it('denies below minConfidence, and an event without a score', async () => {
      const strict = await start({ minConfidence: 0.9 });
      expect(
        (
          await post(
            strict,
            sealed({ identification: { visitor_id: 'v', visitor_found: true, confidence: { score: 0.4 } } }),
          )
        ).status,
      ).toBe(403);
      expect((await post(strict, sealed({ identification: undefined }))).status).toBe(403);
      expect((await post(strict, sealed())).status).toBe(200);
    });

    it('runs a custom check: sync false, async false and throwing deny; a thrown FingerprintGuardError is answered as is', async () => {
      const checked = await start({
        check: async (fingerprint) => {
          const v4 = fingerprint.provider === 'fingerprint' && fingerprint.format === 'v4';
          const decision = v4 ? fingerprint.event.tags?.decision : undefined;
          if (decision === 'deny') return false;
          if (decision === 'async-deny') return new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5));
          if (decision === 'throw') throw new Error('bug in the check');
          if (decision === 'custom')
            throw new FingerprintGuardError('EVENT_DENIED', 'Checkout is closed for this account.', {
              rule: 'account',
            });
          return true;
        },
      });
      expect((await post(checked, sealed())).status).toBe(200);
      for (const decision of ['deny', 'async-deny', 'throw']) {
        expect(await post(checked, sealed({ tags: { decision } }))).toMatchObject({
          status: 403,
          body: { error: { code: 'EVENT_DENIED' } },
        });
      }
      expect(await post(checked, sealed({ tags: { decision: 'custom' } }))).toMatchObject({
        status: 403,
        body: { error: { message: 'Checkout is closed for this account.' } },
      });
    });

    it('monitor mode never blocks, attaches the denial enforce mode would make, and still claims', async () => {
      const monitor = await start({ mode: 'monitor', deny: { vpn: true } });
      const once = sealed({ vpn: true });
      expect(await post(monitor, once)).toMatchObject({
        status: 200,
        body: { denial: 'EVENT_DENIED', replayCheck: 'claimed' },
      });
      expect(await post(monitor, once)).toMatchObject({
        status: 200,
        body: { denial: 'EVENT_DENIED', replayCheck: 'replayed' },
      });
      const clean = sealed();
      await post(monitor, clean);
      expect(await post(monitor, clean)).toMatchObject({ status: 200, body: { denial: 'EVENT_REPLAYED' } });
      expect(await post(monitor)).toMatchObject({ status: 200, body: { eventId: null } });
    });

    it('onDecision hears every request once, with its outcome, stage and route', async () => {
      const decisions: Array<{ outcome: string; stage: string; route?: string }> = [];
      const observed = await start({ deny: { vpn: true }, onDecision: (decision) => void decisions.push(decision) });
      const once = sealed();
      await post(observed, once);
      await post(observed, once);
      await post(observed, sealed({ vpn: true }));
      await post(observed);
      expect(decisions.map(({ outcome, stage }) => `${outcome}@${stage}`)).toEqual([
        'allowed@allowed',
        'EVENT_REPLAYED@replay',
        'EVENT_DENIED@rules',
        'CREDENTIAL_MISSING@credential',
      ]);
      for (const { route } of decisions) expect(route).toMatch(/\/login$/);
    });

    it('two guards built from options share one claim: a result accepted on one route is 409 on another', async () => {
      const login = await start();
      const checkout = await start({ deny: { bot: true } });
      const once = sealed();
      expect((await post(login, once)).status).toBe(200);
      expect(await post(checkout, once)).toMatchObject({ status: 409, body: { error: { code: 'EVENT_REPLAYED' } } });
    });

    ruleAndBindingRows({ start, post, sealed });
    ruleActionRows({ start, sealed });
    clientIpRows({ start, post, sealed }, features);
    edgeRows({ start, post, sealed, key });
    unconfiguredGuardRows({
      startLazy: async (read) => {
        const lazy = await startApp(read, { host: '127.0.0.1' });
        apps.push(lazy);
        return lazy;
      },
      post,
      sealed: () => sealed(),
      key,
    });

    it('a failing store denies with 503, or is skipped with onStoreError: allow', async () => {
      const broken: ReplayStore = { claim: () => Promise.reject(new Error('connection refused')) };
      expect(await post(await start({ replay: { store: broken } }), sealed())).toMatchObject({
        status: 503,
        body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } },
      });
      expect(await post(await start({ replay: { store: broken }, onStoreError: 'allow' }), sealed())).toMatchObject({
        status: 200,
        body: { replayCheck: 'store-failed-open' },
      });
    });

    it('a store that never answers times out into 503 after replay.timeout', async () => {
      const hanging = await start({
        replay: { store: { claim: () => new Promise<boolean>(() => {}) }, timeout: '150ms' },
      });
      const started = performance.now();
      expect(await post(hanging, sealed())).toMatchObject({
        status: 503,
        body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('tries keys in order for rotation and tells which one matched', async () => {
      const rotating = await start({ fingerprint: { keys: [otherKey, key] } });
      expect(await post(rotating, sealed())).toMatchObject({ status: 200, body: { keyIndex: 1 } });
      expect(await post(rotating, sealed({}, otherKey))).toMatchObject({ status: 200, body: { keyIndex: 0 } });
    });

    it('200 concurrent requests with one sealed result: exactly one 200 and 199 × 409', async () => {
      const racing = await start();
      const once = sealed();
      const statuses = await Promise.all(Array.from({ length: 200 }, () => post(racing, once).then((r) => r.status)));
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    });
  });
}
