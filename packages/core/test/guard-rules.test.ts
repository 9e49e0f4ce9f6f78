import { adapterNeeds } from '../src/engine/plumbing.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '../src/index.js';
import {
  createEvent,
  createFakeCside,
  createFakeFingerprintApi,
  expectConfigError,
  expectGuardError,
  generateKey,
  sealEvent,
} from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const guardWith = (options: Partial<FingerprintGuardOptions> = {}) =>
  createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const sealed = (overrides: Partial<FingerprintEvent> = {}) => ({
  headers: { 'fingerprint-sealed-result': sealEvent(createEvent(overrides), key) },
});
const withEvent = (event: FingerprintEvent) => ({ headers: { 'fingerprint-sealed-result': sealEvent(event, key) } });

describe('rules judge what the event really says', () => {
  it('a signal of the wrong type is not reported: deny.incognito denies it as unavailable, not as detected', async () => {
    const event = { ...createEvent(), incognito: 1 } as unknown as FingerprintEvent;
    const decision = await guardWith({ deny: { incognito: true } }).decide(withEvent(event));
    expect(decision.fingerprint?.signals.incognito).toBeUndefined();
    expect(decision).toMatchObject({ allowed: false, rule: 'incognito', stage: 'rules' });
    expect(decision.error?.message).toContain('not reported');
    await expect(
      guardWith({ deny: { incognito: true }, onUnavailableSignal: 'allow' }).verify(withEvent(event)),
    ).resolves.toBeDefined();
  });

  it('a signal the event does not carry denies its rule by default', async () => {
    const { vpn: _vpn, ...withoutVpn } = createEvent();
    const error = await expectGuardError(
      guardWith({ deny: { vpn: true } }).verify(withEvent(withoutVpn as FingerprintEvent)),
      'EVENT_DENIED',
    );
    expect([error.rule, error.message]).toEqual([
      'vpn',
      'The request was denied: vpn was not reported by Fingerprint.',
    ]);
  });

  it('a partially completed identification has no Smart Signals: every signal rule denies it', async () => {
    const partial = sealed({
      incremental_identification_status: 'partially_completed',
      vpn: false,
      bot: 'not_detected',
    });
    const decision = await guardWith({ deny: { vpn: true } }).decide(partial);
    expect(decision.fingerprint?.signals).toEqual({});
    expect(decision.error?.message).toContain('partially completed');
    await expect(
      guardWith().verify(sealed({ incremental_identification_status: 'partially_completed' })),
    ).resolves.toBeDefined();
    await expect(
      guardWith({ deny: { vpn: true } }).verify(sealed({ incremental_identification_status: 'completed' })),
    ).resolves.toBeDefined();
  });

  it.each([
    ['deny.replayed', { deny: { replayed: true } }, { replayed: true }, 'replayed'],
    [
      'an iOS simulator as emulator',
      { deny: { emulator: true } },
      { simulator: true, emulator: undefined },
      'emulator',
    ],
    ['maxSuspectScore', { maxSuspectScore: 10 }, { suspect_score: 11 }, 'maxSuspectScore'],
    [
      'honorRuleAction',
      { honorRuleAction: true },
      { rule_action: { type: 'block', ruleset_id: 'rs_1', rule_id: 'r_1', rule_expression: 'x' } },
      'ruleAction',
    ],
  ] as const)('denies on %s, naming the rule', async (_name, options, overrides, rule) => {
    const error = await expectGuardError(
      guardWith(options as never).verify(sealed(overrides as never)),
      'EVENT_DENIED',
    );
    expect(error.rule).toBe(rule);
  });

  it('lets through what those rules accept', async () => {
    const guard = guardWith({ deny: { replayed: true, emulator: true }, maxSuspectScore: 10, honorRuleAction: true });
    await expect(
      guard.verify(
        sealed({
          suspect_score: 10,
          emulator: false,
          rule_action: { type: 'allow', ruleset_id: 'rs', rule_id: 'r', rule_expression: 'x' },
        }),
      ),
    ).resolves.toBeDefined();
    const { suspect_score: _score, ...noScore } = createEvent({ emulator: false });
    expect((await guard.decide(withEvent(noScore as FingerprintEvent))).rule).toBe('maxSuspectScore');
  });

  it('reports once, at construction, a rule that a configured provider can never evaluate', () => {
    const logger = quiet();
    createFingerprintGuard({
      cside: { apiKey: 'k' },
      fingerprint: { keys: [key] },
      minConfidence: 0.5,
      deny: { bot: true, goodBot: true },
      logger,
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toMatch(/cside never reports what goodBot, minConfidence need/);
    const fingerprintOnly = quiet();
    guardWith({ minConfidence: 0.5, logger: fingerprintOnly });
    expect(fingerprintOnly.warn).not.toHaveBeenCalled();
  });

  it('an unknown option is CONFIG_INVALID naming the closest known one', () => {
    expect(expectConfigError(() => guardWith({ maxage: '1m' } as never)).message).toContain('did you mean maxAge?');
    expect(expectConfigError(() => guardWith({ deny: { vnp: true } } as never)).message).toContain(
      'unknown option deny.vnp: did you mean deny.vpn?',
    );
    expect(expectConfigError(() => guardWith({ bind: { ipp: true } } as never)).message).toContain(
      'did you mean bind.ip?',
    );
    expectConfigError(() => guardWith({ onUnavailableSignal: 'maybe' } as never));
    expectConfigError(() => guardWith({ maxSuspectScore: -1 }));
  });
});

describe('rules and binding run before the claim', () => {
  it('1,000 bot-flagged identifications do not fill a 1,000-key store: the next real user is let in', async () => {
    const store = new MemoryReplayStore({ maxEntries: 1_000 });
    const guard = guardWith({ deny: { bot: true }, replay: { store } });
    for (let i = 0; i < 1_000; i++) await expectGuardError(guard.verify(sealed({ bot: 'bad' })), 'EVENT_DENIED');
    expect(store.size).toBe(0);
    await expect(guard.verify(sealed())).resolves.toMatchObject({ replayCheck: 'claimed' });
  });

  it('a denied result says the claim was not reached; the custom check runs after the claim', async () => {
    const order: string[] = [];
    const store = {
      claim: () => {
        order.push('claim');
        return true;
      },
    };
    const check = () => {
      order.push('check');
      return true;
    };
    const guard = guardWith({ deny: { vpn: true }, replay: { store }, check });
    expect((await guard.decide(sealed({ vpn: true }))).fingerprint?.replayCheck).toBe('not-reached');
    await guard.verify(sealed());
    expect(order).toEqual(['claim', 'check']);
  });
});

describe('one claim per application', () => {
  afterEach(() => vi.useRealTimers());

  it('two guards built without a store share one: the same result is accepted once across them', async () => {
    const login = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet() });
    const checkout = createFingerprintGuard({ fingerprint: { keys: [key] }, deny: { vpn: true }, logger: quiet() });
    const once = sealed();
    await expect(login.verify(once)).resolves.toBeDefined();
    await expectGuardError(checkout.verify(once), 'EVENT_REPLAYED');
  });

  it('a claim lasts the store’s window, so a longer maxAge on another guard cannot accept it later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MemoryReplayStore();
    const short = guardWith({ maxAge: '1m', clockSkew: 0, replay: { store } });
    const long = guardWith({ maxAge: '10m', clockSkew: 0, replay: { store } });
    const once = sealed();
    await short.verify(once);
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await expectGuardError(long.verify(once), 'EVENT_REPLAYED');
  });

  it('a guard built after another guard’s claim would have expired under its maxAge still finds the claim (a lazy guard, a route loaded late)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MemoryReplayStore();
    const short = guardWith({ maxAge: '1m', clockSkew: 0, replay: { store } });
    const event = createEvent({ timestamp: Date.now() - 59_500 });
    await short.verify(withEvent(event));
    vi.setSystemTime(Date.now() + 1_000);
    const late = guardWith({ maxAge: '10m', clockSkew: 0, replay: { store } });
    await expectGuardError(late.verify(withEvent(event)), 'EVENT_REPLAYED');
  });

  it('a future-dated event claimed by a short guard is refused by a longer guard built on a later request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MemoryReplayStore();
    const short = guardWith({ maxAge: '2s', clockSkew: '5s', replay: { store } });
    const event = createEvent({ timestamp: Date.now() + 4_000 });
    await short.verify(withEvent(event));
    vi.setSystemTime(Date.now() + 11_000);
    const late = guardWith({ maxAge: '1m', clockSkew: '5s', replay: { store } });
    await expectGuardError(late.verify(withEvent(event)), 'EVENT_REPLAYED');
  });

  it('a guard whose maxAge + clockSkew exceeds the store’s window is CONFIG_INVALID, naming both and the fix', () => {
    const store = new MemoryReplayStore({ window: '5m' });
    const error = expectConfigError(() => guardWith({ maxAge: '5m', clockSkew: '10s', replay: { store } }));
    expect(error.message).toContain('maxAge (5m) + clockSkew (10s)');
    expect(error.message).toContain('window (5m)');
    expect(error.message).toContain("window: '310s'");
    expect(guardWith({ maxAge: '290s', clockSkew: '10s', replay: { store } })).toBeDefined();
    // A custom store that declares no window has the default one, 15 minutes.
    expectConfigError(() => guardWith({ maxAge: '15m', replay: { store: { claim: () => true } } }));
    expect(guardWith({ maxAge: '14m', replay: { store: { claim: () => true } } })).toBeDefined();
  });

  it('with clockSkew 0, an event exactly maxAge old is refused, and one a millisecond younger is accepted once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const guard = guardWith({ maxAge: '1m', clockSkew: 0 });
    const event = createEvent();
    vi.setSystemTime(event.timestamp + 60_000 - 1);
    await expect(guard.verify(withEvent(event))).resolves.toBeDefined();
    await expectGuardError(guard.verify(withEvent(event)), 'EVENT_REPLAYED');
    vi.setSystemTime(event.timestamp + 60_000);
    await expectGuardError(guard.verify(withEvent(event)), 'EVENT_EXPIRED');
  });
});

describe('bind', () => {
  const withIp = (ip: string, overrides: Partial<FingerprintEvent> = {}) => ({ ...sealed(overrides), ip });

  it('ip: the event IP must be the client IP; IPv4-mapped IPv6 is the same client', async () => {
    const guard = guardWith({ bind: { ip: true } });
    await expect(guard.verify(withIp('203.0.113.42'))).resolves.toBeDefined();
    await expect(guard.verify(withIp('::ffff:203.0.113.42'))).resolves.toBeDefined();
    const other = await guard.decide(withIp('198.51.100.7'));
    expect(other).toMatchObject({ allowed: false, rule: 'ip', stage: 'binding' });
    expect(other.error?.message).toContain('another IP');
  });

  it('ip: IPv6 addresses match within the /64 by default, or the configured prefix', async () => {
    const event = { ip_address: '2001:db8:1:2:aaaa::1' };
    await expect(
      guardWith({ bind: { ip: true } }).verify(withIp('2001:db8:1:2:ffff::9', event)),
    ).resolves.toBeDefined();
    expect((await guardWith({ bind: { ip: true } }).decide(withIp('2001:db8:1:3::1', event))).rule).toBe('ip');
    expect(
      (await guardWith({ bind: { ip: { ipv6Prefix: 128 } } }).decide(withIp('2001:db8:1:2:ffff::9', event))).rule,
    ).toBe('ip');
    expect((await guardWith({ bind: { ip: true } }).decide(withIp('203.0.113.42', event))).rule).toBe('ip');
  });

  it('ip: clientIp overrides the adapter; without any source it is a configuration error, not a pass', async () => {
    const guard = guardWith({ bind: { ip: true }, clientIp: () => '203.0.113.42' });
    expect(adapterNeeds(guard)).toMatchObject({ clientIp: false, peer: false });
    await expect(guard.verify(withIp('198.51.100.7'))).resolves.toBeDefined();
    const bare = guardWith({ bind: { ip: true } });
    expect(adapterNeeds(bare)).toMatchObject({ clientIp: true, peer: false });
    expect(Object.keys(bare)).not.toContain('needsAdapterIp');
    await expectGuardError(bare.verify(sealed()), 'CONFIG_INVALID');
    const missingEventIp = await guardWith({ bind: { ip: true } }).decide(
      withIp('203.0.113.42', { ip_address: undefined }),
    );
    expect(missingEventIp.error?.message).toContain('not reported');
  });

  it('origin: the page must be one of the origins, and the Origin header, when sent, the same', async () => {
    const guard = guardWith({ bind: { origin: ['https://shop.example.com'] } });
    await expect(guard.verify(sealed())).resolves.toBeDefined();
    const originHeader = (origin: string) => ({ headers: { ...sealed().headers, origin } });
    await expect(guard.verify(originHeader('https://shop.example.com'))).resolves.toBeDefined();
    expect((await guard.decide(originHeader('https://evil.example'))).rule).toBe('origin');
    expect((await guard.decide(sealed({ url: 'https://evil.example/login' }))).error?.message).toContain(
      'another site',
    );
    expectConfigError(() => guardWith({ bind: { origin: ['https://shop.example.com/login'] } }));
  });

  it('linkedId: the event must carry this request’s linked id', async () => {
    const guard = createFingerprintGuard<{ headers: Record<string, string>; session?: string }>({
      fingerprint: { keys: [key] },
      replay: { store: new MemoryReplayStore() },
      bind: { linkedId: (request) => request.session },
    });
    const request = (linkedId: string | undefined, session: string | undefined) => ({
      headers: { 'fingerprint-sealed-result': sealEvent(createEvent({ linked_id: linkedId }), key) },
      session,
    });
    await expect(guard.verify(request('session-1', 'session-1'))).resolves.toBeDefined();
    for (const [linked, session] of [
      ['session-2', 'session-1'],
      [undefined, 'session-1'],
      ['session-1', undefined],
    ] as const) {
      expect((await guard.decide(request(linked, session))).rule).toBe('linkedId');
    }
  });

  it('a callback that throws denies the request instead of escaping', async () => {
    const logger = quiet();
    const guard = guardWith({
      bind: {
        linkedId: () => {
          throw new Error('session store down');
        },
      },
      logger,
    });
    expect(await guard.decide(sealed())).toMatchObject({
      allowed: false,
      stage: 'binding',
      error: { code: 'EVENT_DENIED' },
    });
    const credential = guardWith({ getCredential: () => Promise.reject(new Error('bug')) });
    expect(await credential.decide(sealed())).toMatchObject({ allowed: false, error: { code: 'EVENT_DENIED' } });
  });
});

describe('cside results', () => {
  let cside: Awaited<ReturnType<typeof createFakeCside>>;
  beforeAll(async () => {
    cside = await createFakeCside();
  });
  afterAll(() => cside.close());
  const csideGuard = (options: Partial<FingerprintGuardOptions> = {}) =>
    createFingerprintGuard({
      cside: { apiKey: cside.apiKey, baseUrl: cside.url },
      replay: { store: new MemoryReplayStore() },
      logger: quiet(),
      ...options,
    });
  const token = (evaluation: Record<string, unknown> = {}) => ({
    headers: { 'cside-token': cside.issueToken({ evaluation }) },
  });

  it('only a completed evaluation is verified: a 200 with another status is PROVIDER_REJECTED naming it', async () => {
    const error = await expectGuardError(csideGuard().verify(token({ status: 'failed' })), 'PROVIDER_REJECTED');
    expect(error.message).toContain('"failed"');
  });

  it('reads v2 enrichment objects: vpn_evaluation.vpn, ip_enrichment.proxy, bot.result', async () => {
    const guard = csideGuard({ deny: { vpn: true, bot: true, proxy: true } });
    expect((await guard.decide(token({ vpn_evaluation: { vpn: true } }))).rule).toBe('vpn');
    expect((await guard.decide(token({ ip_enrichment: { proxy: true }, vpn_evaluation: { vpn: false } }))).rule).toBe(
      'proxy',
    );
    const clean = await guard.decide(token({ vpn_evaluation: { vpn: false }, ip_enrichment: { proxy: false } }));
    expect(clean).toMatchObject({ allowed: true });
    expect(clean.fingerprint?.signals).toMatchObject({ vpn: false, proxy: false, bot: false });
  });

  it('a vpn_evaluation it cannot read leaves vpn unreported, which denies', async () => {
    const decision = await csideGuard({ deny: { vpn: true } }).decide(
      token({ vpn_evaluation: { evaluated: true, result: 'vpn' } }),
    );
    expect(decision).toMatchObject({ allowed: false, rule: 'vpn' });
    expect(decision.error?.message).toContain('not reported by cside');
  });

  it('one token, one replay key, whatever white space surrounds it', async () => {
    const guard = csideGuard();
    const issued = cside.issueToken();
    await guard.verify({ headers: { 'cside-token': issued } });
    await expectGuardError(guard.verify({ headers: { 'cside-token': ` ${issued}\t` } }), 'EVENT_REPLAYED');
  });

  it('the same junk token 100 times costs one provider call; 20 concurrent uses of one token make one call', async () => {
    const guard = csideGuard();
    const before = cside.requests.length;
    for (let i = 0; i < 100; i++)
      await expectGuardError(guard.verify({ headers: { 'cside-token': 'fake.junk-token' } }), 'PROVIDER_REJECTED');
    expect(cside.requests.length - before).toBe(1);
    const issued = cside.issueToken();
    const middle = cside.requests.length;
    const decisions = await Promise.all(
      Array.from({ length: 20 }, () => guard.decide({ headers: { 'cside-token': issued } })),
    );
    expect(cside.requests.length - middle).toBe(1);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(1);
    expect(decisions.filter((decision) => decision.error?.code === 'EVENT_REPLAYED')).toHaveLength(19);
  });
});

describe('Server API fallback amplification', () => {
  it('a well-formed unknown event id sent 100 times costs one Server API call', async () => {
    const api = await createFakeFingerprintApi();
    const guard = guardWith({ fingerprint: { serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl } } });
    for (let i = 0; i < 100; i++) {
      await expectGuardError(
        guard.verify({ headers: { 'fingerprint-event-id': '1708102555327.NLOjmg' } }),
        'PROVIDER_REJECTED',
      );
    }
    expect(api.requests).toHaveLength(1);
    await api.close();
  });
});
