import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFingerprintGuard, type FingerprintGuardOptions } from '../src/index.js';
import {
  createEvent,
  createFakeCside,
  createFakeFingerprintApi,
  expectConfigError,
  expectGuardError,
  generateKey,
  sealEvent,
} from './helpers.js';

let cside: Awaited<ReturnType<typeof createFakeCside>>;
let api: Awaited<ReturnType<typeof createFakeFingerprintApi>>;
beforeAll(async () => {
  [cside, api] = await Promise.all([createFakeCside(), createFakeFingerprintApi()]);
});
afterAll(() => Promise.all([cside.close(), api.close()]));

const key = generateKey();
const quiet = { warn: vi.fn(), error: vi.fn() };
const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const guardWith = (options: Partial<FingerprintGuardOptions> = {}) =>
  createFingerprintGuard({
    fingerprint: { keys: [key], serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl, retry: fast } },
    cside: { apiKey: cside.apiKey, baseUrl: cside.url, retry: fast },
    logger: quiet,
    ...options,
  });
const headers = (entries: Record<string, string>) => ({ headers: entries });

describe('the guard with cside', () => {
  it('exchanges the cside-token header and normalises the evaluation', async () => {
    const token = cside.issueToken({ deviceId: 'dev_42' });
    const fingerprint = await guardWith().verify(headers({ 'cside-token': token }));
    expect(fingerprint).toMatchObject({
      provider: 'cside',
      via: 'cside',
      visitorId: 'dev_42',
      signals: { bot: false },
    });
    expect(fingerprint.eventId).toMatch(/^cside:[A-Za-z0-9_-]{43}$/);
    expect(fingerprint.eventId).not.toContain(token);
    expect(Math.abs(fingerprint.timestamp - Date.now())).toBeLessThan(5_000);
  });

  it('takes the cside_token body field and polls a pending evaluation', async () => {
    const token = cside.issueToken({ pendingRounds: 2 });
    await expect(guardWith().verify({ headers: {}, body: { cside_token: token } })).resolves.toMatchObject({
      provider: 'cside',
    });
  });

  it('accepts a token once: the second use is EVENT_REPLAYED', async () => {
    const guard = guardWith();
    const token = cside.issueToken();
    await guard.verify(headers({ 'cside-token': token }));
    await expectGuardError(guard.verify(headers({ 'cside-token': token })), 'EVENT_REPLAYED');
  });

  it('dates the evaluation by created_at, ISO text or epoch seconds', async () => {
    const old = cside.issueToken({ evaluation: { created_at: new Date(Date.now() - 10 * 60_000).toISOString() } });
    await expectGuardError(guardWith().verify(headers({ 'cside-token': old })), 'EVENT_EXPIRED');
    const seconds = cside.issueToken({ evaluation: { created_at: Math.floor(Date.now() / 1000) } });
    await expect(guardWith().verify(headers({ 'cside-token': seconds }))).resolves.toBeDefined();
  });

  it('denies a detected bot; minConfidence, which cside never reports, denies unless onUnavailableSignal is allow', async () => {
    const bot = cside.issueToken({ evaluation: { bot: { result: 'detected', score: 0.99, signal: ['headless'] } } });
    const error = await expectGuardError(
      guardWith({ deny: { bot: true } }).verify(headers({ 'cside-token': bot })),
      'EVENT_DENIED',
    );
    expect(error.rule).toBe('bot');
    const strict = await expectGuardError(
      guardWith({ minConfidence: 0.9 }).verify(headers({ 'cside-token': cside.issueToken() })),
      'EVENT_DENIED',
    );
    expect([strict.rule, strict.message]).toEqual(['minConfidence', expect.stringContaining('not reported by cside')]);
    const lenient = guardWith({ minConfidence: 0.9, onUnavailableSignal: 'allow' });
    await expect(lenient.verify(headers({ 'cside-token': cside.issueToken() }))).resolves.toMatchObject({
      provider: 'cside',
    });
  });

  it('maps cside failures to provider errors', async () => {
    await expectGuardError(guardWith().verify(headers({ 'cside-token': 'fake.unknown' })), 'PROVIDER_REJECTED');
    cside.failNext({ status: 503 }, { status: 503 }, { status: 503 });
    await expectGuardError(guardWith().verify(headers({ 'cside-token': cside.issueToken() })), 'PROVIDER_UNAVAILABLE');
  });
});

describe('the guard with the Server API fallback', () => {
  it('fetches the event for an event id when no sealed result is sent, then applies the same checks', async () => {
    const guard = guardWith({ deny: { vpn: true } });
    const event = createEvent();
    api.addEvent(event);
    const fingerprint = await guard.verify(headers({ 'fingerprint-event-id': event.event_id }));
    expect(fingerprint).toMatchObject({ provider: 'fingerprint', via: 'server-api', eventId: event.event_id, event });
    await expectGuardError(guard.verify({ headers: {}, body: { event_id: event.event_id } }), 'EVENT_REPLAYED');
    const vpn = createEvent({ vpn: true });
    api.addEvent(vpn);
    await expectGuardError(guard.verify(headers({ 'fingerprint-event-id': vpn.event_id })), 'EVENT_DENIED');
    const stale = createEvent({ timestamp: Date.now() - 3_600_000 });
    api.addEvent(stale);
    await expectGuardError(guard.verify(headers({ 'fingerprint-event-id': stale.event_id })), 'EVENT_EXPIRED');
  });

  it('prefers the sealed result, and shares the replay key with it', async () => {
    const guard = guardWith();
    const event = createEvent();
    api.addEvent(event);
    const before = api.requests.length;
    const fingerprint = await guard.verify(
      headers({ 'fingerprint-sealed-result': sealEvent(event, key), 'fingerprint-event-id': event.event_id }),
    );
    expect(fingerprint.via).toBe('sealed');
    expect(api.requests.length).toBe(before);
    await expectGuardError(guard.verify(headers({ 'fingerprint-event-id': event.event_id })), 'EVENT_REPLAYED');
  });

  it('rejects a malformed event id without calling the API', async () => {
    const before = api.requests.length;
    await expectGuardError(
      guardWith().verify(headers({ 'fingerprint-event-id': '../../etc/passwd' })),
      'PROVIDER_REJECTED',
    );
    expect(api.requests.length).toBe(before);
  });

  it('ignores event ids when no serverApi is configured', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet });
    await expectGuardError(
      guard.verify(headers({ 'fingerprint-event-id': '1708102555327.NLOjmg' })),
      'CREDENTIAL_MISSING',
    );
  });
});

describe('configuration with providers', () => {
  it('needs at least one provider, and fingerprint needs keys or serverApi', () => {
    expectConfigError(() => createFingerprintGuard({}));
    expectConfigError(() => createFingerprintGuard({ fingerprint: {} }));
    expectConfigError(() => createFingerprintGuard({ cside: { apiKey: '' } }));
  });

  it('runs with cside alone', async () => {
    const guard = createFingerprintGuard({ cside: { apiKey: cside.apiKey, baseUrl: cside.url } });
    await expect(guard.verify(headers({ 'cside-token': cside.issueToken() }))).resolves.toMatchObject({
      provider: 'cside',
    });
    await expectGuardError(
      guard.verify(headers({ 'fingerprint-sealed-result': sealEvent(createEvent(), key) })),
      'CREDENTIAL_MISSING',
    );
  });
});
