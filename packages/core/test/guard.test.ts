import { adapterNeeds } from '../src/engine/plumbing.js';
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
    await expect(
      guard.verify({ headers: new Headers({ 'fingerprint-sealed-result': sealed }) }),
    ).resolves.toMatchObject({ via: 'sealed' });
    await expectGuardError(guard.verify({ headers: {}, body: new ReadableStream() }), 'CREDENTIAL_MISSING');
  });

  it('never reads a body field inherited from a prototype', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet });
    const body = Object.create({ sealed_result: sealEvent(createEvent(), key) }) as object;
    await expectGuardError(guard.verify(request(undefined, body)), 'CREDENTIAL_MISSING');
  });

  it('claims the event id until its timestamp plus the store’s window, whatever the guard’s maxAge', async () => {
    const claims: Array<[string, number]> = [];
    const recording = (windowMs?: number): ReplayStore => ({
      windowMs,
      claim: (k, expiresAtMs) => {
        claims.push([k, expiresAtMs]);
        return true;
      },
    });
    const event = createEvent();
    for (const windowMs of [60_000, undefined]) {
      const guard = createFingerprintGuard({
        fingerprint: { keys: [key] },
        maxAge: '30s',
        clockSkew: 2_000,
        replay: { store: recording(windowMs) },
      });
      await guard.verify(request(sealEvent(event, key)));
    }
    expect(claims).toEqual([
      [event.event_id, event.timestamp + 60_000],
      [event.event_id, event.timestamp + 15 * 60_000],
    ]);
  });

  it('never lets a stale, future or forged event reach the store', async () => {
    const store = { claim: vi.fn(() => true) };
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: { store }, logger: quiet });
    await expectGuardError(
      guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() - 600_000 }), key))),
      'EVENT_EXPIRED',
    );
    await expectGuardError(
      guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() + 600_000 }), key))),
      'EVENT_FROM_FUTURE',
    );
    await expectGuardError(
      guard.verify(request(sealEvent(createEvent(), generateKey()))),
      'SEALED_RESULT_DECRYPTION_FAILED',
    );
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
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key] },
      maxAge: maxAge as never,
      replay: false,
      logger: quiet,
    });
    await expect(
      guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() - ms + 100 }), key))),
    ).resolves.toBeDefined();
    await expectGuardError(
      guard.verify(request(sealEvent(createEvent({ timestamp: Date.now() - ms - 100 }), key))),
      'EVENT_EXPIRED',
    );
  });
});

describe('createFingerprintGuard(() => options): built at the first request', () => {
  it('reads its options at the first decision, once, so a module can load without its secrets', async () => {
    const env: { KEY?: string } = {};
    const factory = vi.fn(() => ({ fingerprint: { keys: [env.KEY!] }, logger: quiet }));
    const guard = createFingerprintGuard(factory);
    expect(factory).not.toHaveBeenCalled();
    env.KEY = key;
    await expect(guard.verify(request(sealEvent(createEvent(), key)))).resolves.toMatchObject({
      replayCheck: 'claimed',
    });
    await guard.decide(request(sealEvent(createEvent(), key)));
    expect(factory).toHaveBeenCalledTimes(1);
    expect(guard.mode).toBe('enforce');
  });

  it('a mistake is CONFIG_INVALID at each request until it is fixed', async () => {
    const env: { KEY?: string } = {};
    const guard = createFingerprintGuard(() => ({ fingerprint: { keys: [env.KEY ?? 'not a key'] }, logger: quiet }));
    await expectGuardError(guard.verify(request(sealEvent(createEvent(), key))), 'CONFIG_INVALID');
    await expectGuardError(guard.verify(request(sealEvent(createEvent(), key))), 'CONFIG_INVALID');
    env.KEY = key;
    await expect(guard.verify(request(sealEvent(createEvent(), key)))).resolves.toBeDefined();
  });

  it('a throw of the function (a variable it reads is unset) is CONFIG_INVALID too, with the throw as its cause', async () => {
    const env: { KEYS?: string } = {};
    const guard = createFingerprintGuard(() => ({ fingerprint: { keys: env.KEYS!.split(',') }, logger: quiet }));
    const error = await expectGuardError(guard.verify(request(sealEvent(createEvent(), key))), 'CONFIG_INVALID');
    expect(error.message).toBe(
      "fingerprint-guard: the function that returns the guard's options threw (TypeError); is a variable it reads missing?",
    );
    expect(error.cause).toBeInstanceOf(TypeError);
    // Inspecting a guard that cannot be built yet never throws: it would refuse every request.
    expect([guard.mode, adapterNeeds(guard)]).toEqual(['enforce', undefined]);
    env.KEYS = key;
    await expect(guard.verify(request(sealEvent(createEvent(), key)))).resolves.toBeDefined();
  });
});

describe('silent mistakes are said once, with the fix', () => {
  it('a credential for a provider the guard does not configure: the answer and one warning name the option', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger });
    for (let i = 0; i < 3; i++) {
      const error = await expectGuardError(
        guard.verify({ headers: { 'fingerprint-event-id': '1708102555327.NLOjmg' } }),
        'CREDENTIAL_MISSING',
      );
      expect(error.message).toBe(
        'The request carries a Fingerprint event id, which this guard does not accept (no fingerprint.serverApi).',
      );
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![1]).toEqual({ event: 'unaccepted-event-id' });
  });

  it('a JSON or form body that no parser read: one warning naming the parsers', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger });
    const unparsed = { headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '512' } };
    for (let i = 0; i < 3; i++) await expectGuardError(guard.verify(unparsed), 'CREDENTIAL_MISSING');
    await expectGuardError(
      guard.verify({ headers: { 'content-length': '0', 'content-type': 'application/json' } }),
      'CREDENTIAL_MISSING',
    );
    await expectGuardError(
      guard.verify({ headers: { 'content-type': 'application/json', 'content-length': '9' }, body: {} }),
      'CREDENTIAL_MISSING',
    );
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toContain('express.json()');
  });
});
