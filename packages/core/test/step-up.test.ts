// Step-up, the third verdict: a stepUp rule does not deny; the request goes on (bound, claimed once,
// checked) and the route gets fingerprint.stepUp. Deny rules are judged first and always win.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type DecisionReport,
  type Fingerprint,
  type FingerprintEvent,
  type FingerprintGuardOptions,
  type StepUp,
} from '../src/index.js';
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
const guardWith = (options: Partial<FingerprintGuardOptions>) =>
  createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const sealed = (overrides: Partial<FingerprintEvent> = {}) => ({
  headers: { 'fingerprint-sealed-result': sealEvent(createEvent(overrides), key) },
});

describe('stepUp', () => {
  it('lets the request through with fingerprint.stepUp naming the rule, and claims it: accepted once', async () => {
    const guard = guardWith({ stepUp: { vpn: true } });
    const once = sealed({ vpn: true });
    const fingerprint = await guard.verify(once);
    const stepUp: StepUp | undefined = fingerprint.stepUp;
    expect(stepUp).toEqual({ rule: 'vpn', reason: 'failed' });
    expect(fingerprint.replayCheck).toBe('claimed');
    await expectGuardError(guard.verify(once), 'EVENT_REPLAYED');
    expect((await guard.verify(sealed())).stepUp).toBeUndefined();
  });

  it('the first stepUp rule that asks is named, signals before thresholds; they mix', async () => {
    const guard = guardWith({ stepUp: { maxSuspectScore: 10, incognito: true, maxVelocity: { events: { '1h': 5 } } } });
    expect((await guard.verify(sealed({ suspect_score: 14, incognito: true }))).stepUp?.rule).toBe('incognito');
    expect((await guard.verify(sealed({ suspect_score: 14 }))).stepUp?.rule).toBe('maxSuspectScore');
    expect((await guard.verify(sealed())).stepUp).toBeUndefined();
    const many = { events: { '5_minutes': 2, '1_hour': 6, '24_hours': 9 } };
    expect((await guard.verify(sealed({ velocity: many }))).stepUp?.rule).toBe('maxVelocity');
  });

  it('an unreported signal under stepUp asks for step-up (fail closed, not a denial), unless onUnavailableSignal is allow', async () => {
    const unreported = sealed({ incremental_identification_status: 'partially_completed' });
    const fingerprint = await guardWith({ stepUp: { vpn: true } }).verify(unreported);
    expect(fingerprint.stepUp).toEqual({ rule: 'vpn', reason: 'unavailable' });
    const lenient = guardWith({ stepUp: { vpn: true }, onUnavailableSignal: 'allow' });
    expect((await lenient.verify(sealed({ incremental_identification_status: 'partially_completed' }))).stepUp).toBe(
      undefined,
    );
  });

  it('attack: a deny rule always wins, whatever stepUp says', async () => {
    const guard = guardWith({ deny: { bot: true }, stepUp: { vpn: true } });
    const decision = await guard.decide(sealed({ bot: 'bad', vpn: true }));
    expect(decision).toMatchObject({ allowed: false, rule: 'bot', stage: 'rules' });
    expect(decision.fingerprint?.stepUp).toBeUndefined();
  });

  it('tiers: one threshold under deny and a stricter one under stepUp', async () => {
    const guard = guardWith({ maxSuspectScore: 30, stepUp: { maxSuspectScore: 10 } });
    expect((await guard.verify(sealed({ suspect_score: 5 }))).stepUp).toBeUndefined();
    expect((await guard.verify(sealed({ suspect_score: 20 }))).stepUp?.rule).toBe('maxSuspectScore');
    expect((await guard.decide(sealed({ suspect_score: 40 }))).rule).toBe('maxSuspectScore');
    const confidence = guardWith({ minConfidence: 0.5, stepUp: { minConfidence: 0.9 } });
    const scored = (score: number) =>
      sealed({ identification: { visitor_id: 'v', visitor_found: true, confidence: { score } } });
    expect((await confidence.verify(scored(0.7))).stepUp?.rule).toBe('minConfidence');
    expect((await confidence.decide(scored(0.3))).rule).toBe('minConfidence');
  });

  it('is CONFIG_INVALID for a rule that could never ask: a signal also denied, a threshold no stricter than its deny limit', () => {
    expect(expectConfigError(() => guardWith({ deny: { vpn: true }, stepUp: { vpn: true } })).message).toContain(
      'stepUp.vpn is also in deny',
    );
    expectConfigError(() => guardWith({ maxSuspectScore: 10, stepUp: { maxSuspectScore: 10 } }));
    expectConfigError(() => guardWith({ minConfidence: 0.9, stepUp: { minConfidence: 0.5 } }));
    expectConfigError(() => guardWith({ maxVpnScore: 0.5, stepUp: { maxVpnScore: 0.8 } }));
    expect(
      expectConfigError(() =>
        guardWith({ maxVelocity: { events: { '1h': 20 } }, stepUp: { maxVelocity: { events: { '1h': 30 } } } }),
      ).message,
    ).toContain('stepUp.maxVelocity.events.1h (30)');
    expect(
      guardWith({ maxVelocity: { events: { '1h': 20 } }, stepUp: { maxVelocity: { events: { '5m': 30 } } } }),
    ).toBeDefined();
    expect(guardWith({ deny: { vpn: false }, stepUp: { vpn: true } })).toBeDefined();
    expect(expectConfigError(() => guardWith({ stepUp: { vnp: true } as never })).message).toContain(
      'did you mean stepUp.vpn?',
    );
    expect(expectConfigError(() => guardWith({ stepUp: { maxSuspectScore: 2.5 } })).message).toContain(
      'stepUp.maxSuspectScore must be a whole number',
    );
    expect(expectConfigError(() => guardWith({ stepUp: { minConfidence: 2 } })).message).toContain(
      'stepUp.minConfidence must be a number from 0 to 1',
    );
  });

  it('a binding still denies a step-up result, and your check sees fingerprint.stepUp', async () => {
    const bound = guardWith({ stepUp: { vpn: true }, bind: { origin: ['https://shop.example.com'] } });
    expect((await bound.decide(sealed({ vpn: true, url: 'https://evil.example/' }))).rule).toBe('origin');
    const seen: Array<Fingerprint['stepUp']> = [];
    const checked = guardWith({ stepUp: { vpn: true }, check: (fingerprint) => void seen.push(fingerprint.stepUp) });
    await checked.verify(sealed({ vpn: true }));
    expect(seen).toEqual([{ rule: 'vpn', reason: 'failed' }]);
  });

  it('is reported: outcome step_up with its rule, in enforce and monitor mode', async () => {
    const seen: DecisionReport[] = [];
    const onDecision = (decision: DecisionReport) => void seen.push(decision);
    await guardWith({ stepUp: { vpn: true }, onDecision }).decide(sealed({ vpn: true }));
    await guardWith({ mode: 'monitor', stepUp: { vpn: true }, onDecision }).decide(sealed({ vpn: true }));
    expect(
      seen.map(({ outcome, rule, stage, mode, replayCheck }) => ({ outcome, rule, stage, mode, replayCheck })),
    ).toEqual([
      { outcome: 'step_up', rule: 'vpn', stage: 'allowed', mode: 'enforce', replayCheck: 'claimed' },
      { outcome: 'step_up', rule: 'vpn', stage: 'allowed', mode: 'monitor', replayCheck: 'claimed' },
    ]);
  });

  it('allowBots applies to a bot rule under stepUp too', async () => {
    const guard = guardWith({ stepUp: { goodBot: true }, allowBots: { categories: ['search_engine_crawler'] } });
    const crawler = (identity: 'verified' | 'spoofed') =>
      sealed({
        bot: 'good',
        bot_info: {
          category: 'search_engine_crawler',
          provider: 'Example Search',
          name: 'ExampleBot',
          identity,
          confidence: 'high',
        },
      });
    expect((await guard.verify(crawler('verified'))).stepUp).toBeUndefined();
    expect((await guard.verify(crawler('spoofed'))).stepUp?.rule).toBe('goodBot');
  });
});

describe('stepUp with cside', () => {
  let cside: Awaited<ReturnType<typeof createFakeCside>>;
  beforeAll(async () => {
    cside = await createFakeCside();
  });
  afterAll(() => cside.close());

  it('a rule cside never reports asks every cside result for step-up, said once at start-up', async () => {
    const logger = quiet();
    const guard = createFingerprintGuard({
      cside: { apiKey: cside.apiKey, baseUrl: cside.url },
      stepUp: { minConfidence: 0.9 },
      logger,
    });
    expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining(
        'cside never reports what minConfidence needs: every cside result will be asked to step up by it',
      ),
    ]);
    const fingerprint = await guard.verify({ headers: { 'cside-token': cside.issueToken() } });
    expect(fingerprint.stepUp).toEqual({ rule: 'minConfidence', reason: 'unavailable' });
  });
});
