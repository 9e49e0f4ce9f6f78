// "Accepted once" where deployments break it: guards built per request, store failures, webhook deliveries in flight.
import { describe, expect, it, vi } from 'vitest';
import { createFingerprintGuard, createWebhookReceiver, MemoryReplayStore } from '../src/index.js';
import {
  createEvent,
  createFakeCside,
  expectConfigError,
  expectGuardError,
  generateKey,
  sealEvent,
} from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });

describe('guards built per request (a Next options literal) share the provider client', () => {
  it('one junk cside token sent 30 times through 30 fresh guards costs one provider call', async () => {
    const cside = await createFakeCside();
    const options = () => ({ cside: { apiKey: cside.apiKey, baseUrl: cside.url }, logger: quiet() });
    for (let i = 0; i < 30; i++) {
      await expectGuardError(
        createFingerprintGuard(options()).verify({ headers: { 'cside-token': 'junk-token' } }),
        'PROVIDER_REJECTED',
      );
    }
    expect(cside.requests.filter((request) => request.path === '/token/v2/verify')).toHaveLength(1);
    await cside.close();
  });

  it('200 concurrent junk tokens through 200 fresh guards keep to one maxConcurrent (32) calls in flight', async () => {
    const cside = await createFakeCside({ latencyMs: 300 });
    const options = () => ({
      cside: { apiKey: cside.apiKey, baseUrl: cside.url, maxWait: '20s' as const },
      logger: quiet(),
    });
    const all = Array.from({ length: 200 }, (_, i) =>
      createFingerprintGuard(options()).decide({ headers: { 'cside-token': `junk-${i}` }, ip: `203.0.113.${i % 50}` }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cside.requests.length).toBe(32);
    const decisions = await Promise.all(all);
    expect(decisions.every((decision) => decision.error?.code === 'PROVIDER_REJECTED')).toBe(true);
    await cside.close();
  });

  it('warns once when the same options have built 20 guards', () => {
    const logger = quiet();
    const options = { fingerprint: { keys: [generateKey()] }, check: () => true, logger };
    for (let i = 0; i < 25; i++) createFingerprintGuard({ ...options, check: () => true });
    const rebuilt = logger.warn.mock.calls.filter(([, details]) => details?.event === 'guard-rebuilt');
    expect(rebuilt).toHaveLength(1);
    expect(rebuilt[0]![0]).toContain('Build it once');
  });
});

describe('store failures are logged once per kind, with the cause; the client sees a bare 503', () => {
  it('a full store and a throwing store: two kinds, one error line each', async () => {
    const logger = quiet();
    const full = new MemoryReplayStore({ maxEntries: 1 });
    full.claim('occupied', Date.now() + 60_000);
    const broken = {
      claim: () =>
        Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED redis://app:s3cret@10.0.0.5:6379'), { code: 'ECONNREFUSED' }),
        ),
    };
    for (const store of [full, full, broken, broken, full]) {
      const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: { store }, logger });
      const error = await expectGuardError(
        guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } }),
        'REPLAY_STORE_UNAVAILABLE',
      );
      expect(error.message).toBe('The replay store is unavailable.');
    }
    const lines = logger.error.mock.calls.filter(([, details]) => details?.event === 'store-failed');
    // One line per kind per guard: five guards, two of them logging the same kind as another guard.
    expect(lines.map(([, details]) => details.kind)).toEqual([
      'STORE_FULL',
      'STORE_FULL',
      'ECONNREFUSED',
      'ECONNREFUSED',
      'STORE_FULL',
    ]);
    expect(lines[2]![0]).toContain('redis://app:***@10.0.0.5');
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('s3cret');
  });

  it('one guard logs each kind once, however often it fails', async () => {
    const logger = quiet();
    const store = {
      claim: () => Promise.reject(Object.assign(new Error('NOAUTH Authentication required.'), { code: 'NOAUTH' })),
    };
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: { store }, logger });
    for (let i = 0; i < 5; i++)
      await guard.decide({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]![0]).toContain('NOAUTH: NOAUTH Authentication required.');
  });
});

describe('webhook receiver and the store’s window', () => {
  it('defaults maxAge to the window less clockSkew, and refuses one that does not fit', () => {
    expect(
      createWebhookReceiver({ secret: 's', replay: { store: new MemoryReplayStore({ window: '10m' }) } }),
    ).toBeDefined();
    const error = expectConfigError(() =>
      createWebhookReceiver({
        secret: 's',
        maxAge: '15m',
        replay: { store: new MemoryReplayStore({ window: '10m' }) },
      }),
    );
    expect(error.message).toContain("the webhook receiver's maxAge (15m) + clockSkew (1m)");
  });
});
