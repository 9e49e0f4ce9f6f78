import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type Fingerprint,
  type FingerprintEventV3,
  type FingerprintGuardOptions,
} from '../src/index.js';
import {
  createEvent,
  expectConfigError,
  expectGuardError,
  FINGERPRINT_TEST_KEY,
  generateKey,
  HAS_VECTORS,
  loadSealedVectors,
  readVectorFile,
  sealEvent,
} from './helpers.js';
import { readV3Fixture, redated } from './v3-fixtures.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const guardWith = (options: Partial<FingerprintGuardOptions> = {}, keys = [key]) =>
  createFingerprintGuard({
    fingerprint: { keys, formats: ['v4', 'v3'] },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const sealedV3 = (event: FingerprintEventV3, with_ = key) => ({
  headers: { 'fingerprint-sealed-result': sealEvent(event, with_) },
});
const v3Of = (fingerprint: Fingerprint | undefined) => {
  if (fingerprint?.provider !== 'fingerprint' || fingerprint.format !== 'v3') throw new Error('not a v3 result');
  return fingerprint;
};

afterEach(() => void vi.useRealTimers());

describe.skipIf(!HAS_VECTORS)('the official v3 sealed vectors through the guard', () => {
  const vectors = loadSealedVectors().filter((vector) => vector.payloadShape === 'v3');

  it('are both present', () => expect(vectors.map((vector) => vector.id).sort()).toHaveLength(2));

  for (const vector of vectors) {
    it(`${vector.id}: accepted once as a v3 result, then replayed, then expired`, async () => {
      const expected = readVectorFile(vector.expectedFile!) as FingerprintEventV3;
      const made = expected.products.identification!.data!.timestamp;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(made + 1_000);
      const guard = guardWith({}, [FINGERPRINT_TEST_KEY]);
      const request = { headers: { 'fingerprint-sealed-result': vector.sealed } };
      const fingerprint = v3Of(await guard.verify(request));
      expect(fingerprint).toMatchObject({
        provider: 'fingerprint',
        format: 'v3',
        via: 'sealed',
        eventId: '1703067132750.Z5hutJ',
        visitorId: '2ZEDCZEfOfXjEmMuE3tq',
        timestamp: 1703067136286,
        confidence: 1,
        keyIndex: 0,
        replayCheck: 'claimed',
      });
      expect(fingerprint.event).toStrictEqual(expected);
      // botd says notDetected and the identification says not incognito; nothing else is in the payload.
      expect(fingerprint.signals).toEqual({
        bot: false,
        goodBot: false,
        incognito: false,
        replayed: vector.id === 'v3-event-python-legacy' ? false : undefined,
      });
      await expectGuardError(guard.verify(request), 'EVENT_REPLAYED');
      vi.setSystemTime(made + 2 * 60_000);
      await expectGuardError(guardWith({}, [FINGERPRINT_TEST_KEY]).verify(request), 'EVENT_EXPIRED');
    });

    it(`${vector.id}: a guard that accepts v4 only (the default) refuses it, 400, naming v3 and formats`, async () => {
      const guard = createFingerprintGuard({ fingerprint: { keys: [FINGERPRINT_TEST_KEY] }, logger: quiet() });
      const error = await expectGuardError(
        guard.verify({ headers: { 'fingerprint-sealed-result': vector.sealed } }),
        'SEALED_RESULT_INVALID_PAYLOAD',
      );
      expect(error.status).toBe(400);
      expect(error.message).toContain('v3');
      expect(error.message).toContain("formats: ['v4', 'v3']");
    });
  }
});

describe("Fingerprint's own v3 examples, re-dated and sealed with a test key", () => {
  it('get_event_200: accepted with every signal read from its product', async () => {
    const event = redated('get_event_200.json');
    const fingerprint = v3Of(await guardWith().verify(sealedV3(event)));
    expect(fingerprint).toMatchObject({
      eventId: event.products.identification!.data!.requestId,
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      timestamp: event.products.identification!.data!.timestamp,
      confidence: 0.97,
    });
    expect(fingerprint.signals).toEqual({
      bot: false,
      goodBot: false,
      vpn: false,
      proxy: false,
      tor: false,
      tampering: false,
      // The identification product says incognito (the example's own data); the Smart Signal says not.
      incognito: true,
      virtualMachine: false,
      developerTools: false,
      emulator: false,
      privacySettings: false,
      jailbroken: false,
      frida: false,
      clonedApp: false,
      rootApps: false,
      locationSpoofing: false,
      mitmAttack: false,
      highActivity: false,
      ipBlocklisted: false,
      replayed: false,
      // tampering.data.antiDetectBrowser; the example has no rareDevice product, and v3 no active call signal.
      antiDetectBrowser: false,
    });
  });

  it('node-sdk get_event_200 (an older v3 schema): accepted', async () => {
    const fingerprint = v3Of(await guardWith().verify(sealedV3(redated('node-sdk-get_event_200.json'))));
    expect(fingerprint.signals).toMatchObject({
      vpn: false,
      bot: false,
      replayed: undefined,
      developerTools: undefined,
    });
  });

  it('the same example sent twice: 409 EVENT_REPLAYED; made 2 minutes ago: 401 EVENT_EXPIRED', async () => {
    const guard = guardWith();
    const request = sealedV3(redated('get_event_200.json'));
    await guard.verify(request);
    await expectGuardError(guard.verify(request), 'EVENT_REPLAYED');
    await expectGuardError(
      guard.verify(sealedV3(redated('get_event_200.json', Date.now() - 2 * 60_000))),
      'EVENT_EXPIRED',
    );
    await expectGuardError(
      guard.verify(sealedV3(redated('get_event_200.json', Date.now() + 60_000))),
      'EVENT_FROM_FUTURE',
    );
  });

  it('get_event_pro_plus_bot_detected: deny.bot denies it (403, rule bot)', async () => {
    const request = sealedV3(redated('get_event_pro_plus_bot_detected.json'));
    const error = await expectGuardError(guardWith({ deny: { bot: true } }).verify(request), 'EVENT_DENIED');
    expect([error.status, error.rule]).toEqual([403, 'bot']);
    await expect(guardWith({ deny: { vpn: true } }).verify(request)).resolves.toBeDefined();
  });

  it('get_event_200_all_errors and a failed identification: 400, no request id or time to check', async () => {
    for (const name of ['get_event_200_all_errors.json', 'get_event_200_identification_too_many_requests_error.json']) {
      const error = await expectGuardError(
        guardWith().verify(sealedV3(readV3Fixture(name))),
        'SEALED_RESULT_INVALID_PAYLOAD',
      );
      expect(error.message).toMatch(/identification failed \((Failed|429 Too Many Requests)\)/);
    }
  });

  it('a product that reports an error is unreported: its rule denies unless onUnavailableSignal is allow', async () => {
    const event = redated('get_event_200.json');
    event.products.vpn = { error: { code: 'Failed', message: 'internal server error' } };
    const decision = await guardWith({ deny: { vpn: true } }).decide(sealedV3(event));
    expect(decision.fingerprint?.signals.vpn).toBeUndefined();
    expect(decision).toMatchObject({ allowed: false, rule: 'vpn' });
    expect(decision.error?.message).toContain('not reported');
    const allowed = await guardWith({ deny: { vpn: true }, onUnavailableSignal: 'allow' }).decide(sealedV3(event));
    expect(allowed.allowed).toBe(true);
  });

  it('a product with both data and an error is unreported; a result that is not a boolean is unreported', async () => {
    const event = redated('get_event_200.json');
    event.products.tampering = {
      data: { ...event.products.tampering!.data!, result: true },
      error: { code: 'Failed', message: 'x' },
    };
    (event.products.proxy!.data as { result: unknown }).result = 'true';
    (event.products.botd!.data!.bot as { result: unknown }).result = 'not_detected';
    const { signals } = v3Of(await guardWith().verify(sealedV3(event)));
    expect([signals.tampering, signals.proxy, signals.bot, signals.goodBot]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['vpn', 'vpn'],
    ['proxy', 'proxy'],
    ['tor', 'tor'],
    ['tampering', 'tampering'],
    ['virtualMachine', 'virtualMachine'],
    ['developerTools', 'developerTools'],
    ['emulator', 'emulator'],
    ['privacySettings', 'privacySettings'],
    ['jailbroken', 'jailbroken'],
    ['frida', 'frida'],
    ['clonedApp', 'clonedApp'],
    ['rootApps', 'rootApps'],
    ['locationSpoofing', 'locationSpoofing'],
    ['mitmAttack', 'mitmAttack'],
    ['highActivity', 'highActivity'],
  ] as const)('products.%s.data.result true denies deny.%s', async (product, signal) => {
    const event = redated('get_event_200.json');
    (event.products as Record<string, { data?: { result?: boolean } }>)[product]!.data!.result = true;
    const error = await expectGuardError(
      guardWith({ deny: { [signal]: true } }).verify(sealedV3(event)),
      'EVENT_DENIED',
    );
    expect(error.rule).toBe(signal);
  });

  it('blocklist details, replayed, good bots, Suspect Score and confidence are read as for v4', async () => {
    const event = redated('get_event_200.json');
    event.products.ipBlocklist!.data!.details.attackSource = true;
    event.products.identification!.data!.replayed = true;
    event.products.botd!.data!.bot.result = 'good';
    event.products.suspectScore = { data: { result: 12 } };
    const guard = (options: Partial<FingerprintGuardOptions>) => guardWith(options).verify(sealedV3(event));
    for (const [options, rule] of [
      [{ deny: { ipBlocklisted: true } }, 'ipBlocklisted'],
      [{ deny: { replayed: true } }, 'replayed'],
      [{ deny: { goodBot: true } }, 'goodBot'],
      [{ maxSuspectScore: 11 }, 'maxSuspectScore'],
      [{ minConfidence: 0.98 }, 'minConfidence'],
    ] as const) {
      expect((await expectGuardError(guard(options), 'EVENT_DENIED')).rule).toBe(rule);
    }
    await expect(
      guardWith({ deny: { bot: true }, maxSuspectScore: 12, minConfidence: 0.97 }).verify(sealedV3(event)),
    ).resolves.toBeDefined();
    event.products.suspectScore = { error: { code: 'Failed', message: 'x' } };
    const error = await expectGuardError(guardWith({ maxSuspectScore: 50 }).verify(sealedV3(event)), 'EVENT_DENIED');
    expect(error.message).toContain('Suspect Score was not reported');
  });

  it('honorRuleAction: a v3 event has no rule_action, so nothing asks to block it', async () => {
    await expect(
      guardWith({ honorRuleAction: true }).verify(sealedV3(redated('get_event_200.json'))),
    ).resolves.toBeDefined();
  });

  it('bind: ip from identification.ip, origin from its url, linkedId from its linkedId', async () => {
    const event = redated('get_event_200.json');
    const data = event.products.identification!.data!;
    data.url = 'https://www.example.com/login';
    const bound = guardWith({
      bind: { ip: true, origin: ['https://www.example.com'], linkedId: () => 'somelinkedId' },
    });
    const request = (ip: string, extra: Record<string, string> = {}) => ({
      headers: { 'fingerprint-sealed-result': sealEvent(event, key), ...extra },
      ip,
    });
    await expect(bound.verify(request('61.127.217.15'))).resolves.toBeDefined();
    data.requestId = `${data.timestamp}.other1`;
    expect((await expectGuardError(bound.verify(request('198.51.100.1')), 'EVENT_DENIED')).rule).toBe('ip');
    data.requestId = `${data.timestamp}.other2`;
    const origin = request('61.127.217.15', { origin: 'https://phishing.example' });
    expect((await expectGuardError(bound.verify(origin), 'EVENT_DENIED')).rule).toBe('origin');
    data.requestId = `${data.timestamp}.other3`;
    data.linkedId = 'another-session';
    expect((await expectGuardError(bound.verify(request('61.127.217.15')), 'EVENT_DENIED')).rule).toBe('linkedId');
  });
});

describe('formats', () => {
  it('a v3-only guard refuses a v4 event, saying to add v4', async () => {
    const guard = guardWith({ fingerprint: { keys: [key], formats: ['v3'] } });
    const error = await expectGuardError(
      guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } }),
      'SEALED_RESULT_INVALID_PAYLOAD',
    );
    expect(error.message).toContain("add 'v4'");
    await expect(guard.verify(sealedV3(redated('get_event_200.json')))).resolves.toMatchObject({ format: 'v3' });
  });

  it('v4 results say format v4', async () => {
    const request = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    await expect(guardWith().verify(request)).resolves.toMatchObject({ format: 'v4' });
    const v4Only = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: false, logger: quiet() });
    await expect(v4Only.verify(request)).resolves.toMatchObject({ format: 'v4' });
  });

  it.each([[[]], [['v5']], ['v4'], [['v4', 'V3']], [null]])('formats %j is CONFIG_INVALID', (formats) => {
    const error = expectConfigError(() =>
      createFingerprintGuard({ fingerprint: { keys: [key], formats: formats as never }, logger: quiet() }),
    );
    expect(error.message).toContain('fingerprint.formats');
  });
});
