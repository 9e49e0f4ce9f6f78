import { describe, expect, it, vi } from 'vitest';
import { createFingerprintGuard, type ReplayStore } from '../src/index.js';
import { createEvent, expectGuardError, generateKey, sealEvent } from './helpers.js';

const key = generateKey();
const quiet = { warn: vi.fn(), error: vi.fn() };
const request = (sealed?: unknown, body?: unknown) => ({
  headers: sealed === undefined ? {} : { 'fingerprint-sealed-result': sealed as string },
  body,
});

describe('createFingerprintGuard', () => {
  it('reads Web Headers as well as Node header objects, and ignores a body that is a stream', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet });
    const sealed = sealEvent(createEvent(), key);
    await expect(guard.verify({ headers: new Headers({ 'fingerprint-sealed-result': sealed }) })).resolves.toMatchObject({ via: 'sealed' });
    await expectGuardError(guard.verify({ headers: {}, body: new ReadableStream() }), 'CREDENTIAL_MISSING');
  });

  it('never reads a body field inherited from a prototype', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet });
    const body = Object.create({ sealed_result: sealEvent(createEvent(), key) }) as object;
    await expectGuardError(guard.verify(request(undefined, body)), 'CREDENTIAL_MISSING');
  });

  it('claims the event id until timestamp + maxAge + clockSkew', async () => {
    const claims: Array<[string, number]> = [];
    const store: ReplayStore = { claim: (k, expiresAtMs) => (claims.push([k, expiresAtMs]), true) };
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, maxAge: '30s', clockSkew: 2_000, replay: { store } });
    const event = createEvent();
    await guard.verify(request(sealEvent(event, key)));
    expect(claims).toEqual([[event.event_id, event.timestamp + 32_000]]);
  });

  it('never lets a stale, future or forged event reach the store', async () => {
    const store = { claim: vi.fn(() => true) };
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: { store }, logger: quiet });
    await expectGuardError(guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() - 600_000 }), key))), 'EVENT_EXPIRED');
    await expectGuardError(guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() + 600_000 }), key))), 'EVENT_FROM_FUTURE');
    await expectGuardError(guard.verify(request(sealEvent(createEvent(), generateKey()))), 'SEALED_RESULT_DECRYPTION_FAILED');
    expect(store.claim).not.toHaveBeenCalled();
  });

  it('takes a getCredential that returns a string or { sealedResult }, sync or async', async () => {
    const guard = createFingerprintGuard<{ headers: Record<string, string>; token: string }>({
      fingerprint: { keys: [key] },
      getCredential: async (req) => ({ sealedResult: req.token }),
    });
    const sealed = sealEvent(createEvent(), key);
    await expect(guard.verify({ headers: {}, token: sealed })).resolves.toMatchObject({ provider: 'fingerprint' });
    const plain = createFingerprintGuard({ fingerprint: { keys: [key] }, getCredential: () => undefined });
    await expectGuardError(plain.verify(request(sealed)), 'CREDENTIAL_MISSING');
  });

  it('decide() returns a value to branch on instead of throwing', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, deny: { vpn: true } });
    const decision = await guard.decide(request(sealEvent(createEvent({ vpn: true }), key)));
    expect(decision.allowed).toBe(false);
    expect(decision.error).toMatchObject({ code: 'EVENT_DENIED', rule: 'vpn', status: 403 });
    expect(decision.fingerprint?.signals.vpn).toBe(true);
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    [250, 250],
  ])('takes maxAge %s as %d ms', async (maxAge, ms) => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, maxAge: maxAge as never, replay: false, logger: quiet });
    await expect(guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() - ms + 100 }), key)))).resolves.toBeDefined();
    await expectGuardError(guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() - ms - 100 }), key))), 'EVENT_EXPIRED');
  });
});
