// The signals and numbers of schema 3.7.0 as rules: active calls, rare devices, anti-detect
// browsers, the VPN and tampering scores and the velocity counts, each fail-closed when unreported.
import { describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '../src/index.js';
import {
  createEvent,
  expectConfigError,
  generateKey,
  HAS_VECTORS,
  readVectorFile,
  sealEvent,
  toEventV3,
} from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const guardWith = (options: Partial<FingerprintGuardOptions>) =>
  createFingerprintGuard({
    fingerprint: { keys: [key], formats: ['v4', 'v3'] as never },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const sealed = (event: object) => ({ headers: { 'fingerprint-sealed-result': sealEvent(event, key) } });
const v4 = (overrides: Partial<FingerprintEvent> = {}) => sealed(createEvent(overrides));
const v3 = (overrides: Partial<FingerprintEvent> = {}) => sealed(toEventV3(createEvent(overrides)));
const ruleOf = async (options: Partial<FingerprintGuardOptions>, request: object) =>
  (await guardWith(options).decide(request as never)).rule ?? 'allowed';

describe('activeCall, rareDevice, antiDetectBrowser', () => {
  it.each([
    ['activeCall', { active_call: true }, { active_call: false }],
    ['rareDevice', { rare_device: true, rare_device_percentile_bucket: 'p99.9+' }, {}],
    ['antiDetectBrowser', { tampering_details: { anomaly_score: 0.91, anti_detect_browser: true } }, {}],
  ] as const)(
    'deny.%s denies the v4 signal, lets a clean event by, and denies it unreported',
    async (rule, on, off) => {
      const deny = { deny: { [rule]: true } };
      expect(await ruleOf(deny, v4(on as Partial<FingerprintEvent>))).toBe(rule);
      expect(await ruleOf(deny, v4(off as Partial<FingerprintEvent>))).toBe('allowed');
      const unreported = { active_call: undefined, rare_device: undefined, tampering_details: { anomaly_score: 0.1 } };
      const decision = await guardWith(deny).decide(v4(unreported));
      expect([decision.rule, decision.error?.message]).toEqual([rule, expect.stringContaining('not reported')]);
    },
  );

  it('v3: rareDevice and antiDetectBrowser read from their products; v3 has no active call signal', async () => {
    expect(await ruleOf({ deny: { rareDevice: true } }, v3({ rare_device: true }))).toBe('rareDevice');
    expect(await ruleOf({ deny: { rareDevice: true } }, v3({ rare_device: false }))).toBe('allowed');
    const antiDetect = { tampering: true, tampering_details: { anomaly_score: 0.9, anti_detect_browser: true } };
    expect(await ruleOf({ deny: { antiDetectBrowser: true } }, v3(antiDetect))).toBe('antiDetectBrowser');
    expect(await ruleOf({ deny: { activeCall: true } }, v3({ active_call: false }))).toBe('activeCall');
  });

  it('cside never reports them: said once at start-up', () => {
    const logger = quiet();
    createFingerprintGuard({
      cside: { apiKey: 'k' },
      deny: { activeCall: true, rareDevice: true, antiDetectBrowser: true },
      maxVpnScore: 0.5,
      maxVelocity: { events: { '1h': 20 } },
      logger,
    });
    expect(logger.warn.mock.calls[0]![0]).toContain(
      'activeCall, rareDevice, antiDetectBrowser, maxVpnScore, maxVelocity need',
    );
  });
});

describe('maxVpnScore and maxTamperingScore', () => {
  it.each([
    ['maxVpnScore', (score?: number) => ({ vpn_ml_score: score })],
    [
      'maxTamperingScore',
      (score?: number) => ({ tampering_details: { anomaly_score: score, anti_detect_browser: false } }),
    ],
  ] as const)('%s: above the limit denies, at it passes, unreported denies (v4 and v3)', async (rule, withScore) => {
    const options = { [rule]: 0.5 };
    const tampered = { tampering: false };
    for (const format of [v4, v3]) {
      const error = (await guardWith(options).decide(format({ ...tampered, vpn: false, ...withScore(0.71) }))).error;
      expect([error?.rule, error?.message]).toEqual([rule, expect.stringContaining('0.71 is above 0.5')]);
      expect(await ruleOf(options, format({ ...tampered, vpn: false, ...withScore(0.5) }))).toBe('allowed');
    }
    expect(await ruleOf(options, v4(withScore(undefined)))).toBe(rule);
    expect(
      await ruleOf(options, v4({ ...withScore(0.9), incremental_identification_status: 'partially_completed' })),
    ).toBe(rule);
  });

  it('refuses a limit outside 0 to 1, naming it', () => {
    for (const [option, value] of [
      ['maxVpnScore', 2],
      ['maxTamperingScore', -0.1],
      ['maxVpnScore', '0.5'],
    ] as const) {
      expect(expectConfigError(() => guardWith({ [option]: value } as never)).message).toContain(
        `${option} must be a number from 0 to 1`,
      );
    }
  });
});

describe('maxVelocity', () => {
  const busy = {
    velocity: {
      events: { '5_minutes': 4, '1_hour': 31, '24_hours': 60 },
      distinct_ip: { '5_minutes': 1, '1_hour': 2 },
    },
  };

  it('denies past a counter’s limit in its window, naming both, in v4 and v3', async () => {
    for (const format of [v4, v3]) {
      const decision = await guardWith({ maxVelocity: { events: { '1h': 30 } } }).decide(format(busy));
      expect([decision.rule, decision.error?.message]).toEqual([
        'maxVelocity',
        'The request was denied: 31 events over 1h is above 30.',
      ]);
      expect(await ruleOf({ maxVelocity: { events: { '1h': 31, '5m': 4 } } }, format(busy))).toBe('allowed');
    }
  });

  it('a count the event does not carry denies (distinct counters drop 24h past 20,000 events)', async () => {
    const decision = await guardWith({ maxVelocity: { distinctIp: { '24h': 10 } } }).decide(v4(busy));
    expect(decision.error?.message).toContain('distinctIp over 24h was not reported');
    expect(await ruleOf({ maxVelocity: { distinctLinkedId: { '1h': 3 } } }, v4(busy))).toBe('maxVelocity');
  });

  it('attack: an unreported count listed first cannot hide a count past its limit under onUnavailableSignal: allow', async () => {
    const options = {
      maxVelocity: { distinctIp: { '24h': 10 }, events: { '1h': 30 } },
      onUnavailableSignal: 'allow',
    } as const;
    expect(await ruleOf(options, v4(busy))).toBe('maxVelocity');
    expect(await ruleOf({ ...options, maxVelocity: { distinctIp: { '24h': 10 } } }, v4(busy))).toBe('allowed');
  });

  it('refuses unknown counters and windows, counts that are not whole numbers, and no limit at all', () => {
    const velocity = (maxVelocity: unknown) => () => guardWith({ maxVelocity: maxVelocity as never });
    expect(expectConfigError(velocity({ evnts: { '1h': 3 } })).message).toContain('did you mean maxVelocity.events?');
    expect(expectConfigError(velocity({ events: { '2h': 3 } })).message).toContain(
      'unknown option maxVelocity.events.2h',
    );
    expect(expectConfigError(velocity({ events: { '1h': 1.5 } })).message).toContain('maxVelocity.events.1h');
    expect(expectConfigError(velocity({})).message).toContain('maxVelocity sets no limit');
    expect(expectConfigError(velocity({ events: {} })).message).toContain('maxVelocity sets no limit');
  });
});

describe.skipIf(!HAS_VECTORS)("Fingerprint's own v4 events (the SDKs' expected payloads), re-dated and sealed", () => {
  const official = (name: string) => {
    const event = readVectorFile(name) as FingerprintEvent;
    const timestamp = Date.now();
    return sealed({ ...event, timestamp, event_id: `${timestamp}.${event.event_id.split('.')[1]}` });
  };

  it('the tampering anomaly score, anti-detect browser and velocity counts read as the schema reports them', async () => {
    for (const name of ['v4-event-NLOjmg.expected.json', 'v4-event-go-sdk-get_event_200.expected.json']) {
      const rule = (options: Partial<FingerprintGuardOptions>) => ruleOf(options, official(name));
      expect(await rule({ maxTamperingScore: 0.19 })).toBe('maxTamperingScore');
      expect(await rule({ maxTamperingScore: 0.2, deny: { antiDetectBrowser: true } })).toBe('allowed');
      expect(await rule({ maxVelocity: { distinctCountry: { '1h': 1 } } })).toBe('maxVelocity');
      expect(await rule({ maxVelocity: { distinctCountry: { '1h': 2 }, events: { '24h': 5 } } })).toBe('allowed');
      // Neither reports a VPN score, nor an active call (a web event).
      expect(await rule({ maxVpnScore: 0.9 })).toBe('maxVpnScore');
      expect(await rule({ deny: { activeCall: true } })).toBe('activeCall');
    }
    expect(await ruleOf({ deny: { rareDevice: true } }, official('v4-event-go-sdk-get_event_200.expected.json'))).toBe(
      'allowed',
    );
    expect(await ruleOf({ deny: { rareDevice: true } }, official('v4-event-NLOjmg.expected.json'))).toBe('rareDevice');
  });
});
