/** The adapter table's rows for the rules that judge what a result says, and for `bind`. */
import type { FingerprintEvent, FingerprintGuardOptions } from '@fingerprint-guard/core';
import { expect, it } from 'vitest';
import { type GuardedApp, type GuardedAppSettings, linkedIdFromHeader } from './adapter-fixtures.js';

/** What the rows need from the table that registers them. */
export interface TableHelpers {
  start(options?: Partial<FingerprintGuardOptions<never>>, settings?: GuardedAppSettings): Promise<GuardedApp>;
  post(
    app: GuardedApp,
    credential?: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, any> }>;
  sealed(overrides?: Partial<FingerprintEvent>): string;
}

/** Registers the rows (inside the table's `describe`): new rules, unreported signals, step-up, and each binding. */
export function ruleAndBindingRows({ start, post, sealed }: TableHelpers): void {
  it.each([
    ['deny.replayed', { deny: { replayed: true } }, { replayed: true }, 'replayed'],
    ['maxSuspectScore', { maxSuspectScore: 5 }, { suspect_score: 20 }, 'maxSuspectScore'],
    [
      'honorRuleAction',
      { honorRuleAction: true },
      { rule_action: { type: 'block', ruleset_id: 'rs', rule_id: 'r', rule_expression: 'x' } },
      'ruleAction',
    ],
    ['an iOS simulator (deny.emulator)', { deny: { emulator: true } }, { simulator: true }, 'emulator'],
  ] as const)(
    'denies on %s: 403 naming the rule, and lets a clean event through',
    async (_name, options, overrides, rule) => {
      const guarded = await start(options as Partial<FingerprintGuardOptions<never>>);
      expect(await post(guarded, sealed(overrides as Partial<FingerprintEvent>))).toMatchObject({
        status: 403,
        body: { error: { code: 'EVENT_DENIED', rule } },
      });
      expect((await post(guarded, sealed({ suspect_score: 0, emulator: false }))).status).toBe(200);
    },
  );

  it('a rule whose signal is not reported (missing, wrong type, partial identification) denies; onUnavailableSignal: allow lets it by', async () => {
    const strict = await start({ deny: { incognito: true } });
    const lenient = await start({ deny: { incognito: true }, onUnavailableSignal: 'allow' });
    for (const overrides of [
      { incognito: undefined },
      { incognito: 1 as unknown as boolean },
      { incognito: false, incremental_identification_status: 'partially_completed' as const },
    ]) {
      const { status, body } = await post(strict, sealed(overrides));
      expect([status, body.error?.rule, body.error?.message]).toEqual([
        403,
        'incognito',
        expect.stringContaining('not reported'),
      ]);
      expect(await post(lenient, sealed(overrides))).toMatchObject({
        status: 200,
        body: { signals: { incognito: null } },
      });
    }
  });

  it('stepUp: the route runs and sees fingerprint.stepUp naming the rule; the result is still accepted once; a deny rule still denies', async () => {
    const guarded = await start({ deny: { bot: true }, stepUp: { vpn: true, maxSuspectScore: 10 } });
    const asking = sealed({ vpn: true });
    expect(await post(guarded, asking)).toMatchObject({
      status: 200,
      body: { stepUp: { rule: 'vpn', reason: 'failed' }, replayCheck: 'claimed', denial: null },
    });
    expect(await post(guarded, asking)).toMatchObject({ status: 409, body: { error: { code: 'EVENT_REPLAYED' } } });
    expect(await post(guarded, sealed({ suspect_score: 25 }))).toMatchObject({
      status: 200,
      body: { stepUp: { rule: 'maxSuspectScore', reason: 'failed' } },
    });
    expect(await post(guarded, sealed())).toMatchObject({ status: 200, body: { stepUp: null } });
    expect(await post(guarded, sealed({ vpn: true, bot: 'bad' }))).toMatchObject({
      status: 403,
      body: { error: { code: 'EVENT_DENIED', rule: 'bot' } },
    });
  });

  it("bind.environment refuses another environment's event, and an agentless edge evaluation is never a browser's", async () => {
    const bound = await start({ bind: { environment: 'env_production' } });
    expect((await post(bound, sealed({ environment_id: 'env_production' }))).status).toBe(200);
    for (const environment_id of ['env_staging', undefined]) {
      expect(await post(bound, sealed({ environment_id }))).toMatchObject({
        status: 403,
        body: { error: { code: 'EVENT_DENIED', rule: 'environment' } },
      });
    }
    expect(await post(bound, sealed({ environment_id: 'env_production', source: 'edge' }))).toMatchObject({
      status: 403,
      body: { error: { code: 'EVENT_DENIED', rule: 'source' } },
    });
  });

  it.each(['127.0.0.1', '::'] as const)(
    'bind.ip on a server listening on %s: the client IP must be the identification’s',
    async (host) => {
      const bound = await start({ bind: { ip: true } }, { host });
      expect((await post(bound, sealed({ ip_address: '127.0.0.1' }))).status).toBe(200);
      expect(await post(bound, sealed({ ip_address: '203.0.113.9' }))).toMatchObject({
        status: 403,
        body: { error: { code: 'EVENT_DENIED', rule: 'ip' } },
      });
      expect(await post(bound, sealed({ ip_address: undefined }))).toMatchObject({
        status: 403,
        body: { error: { rule: 'ip', message: expect.stringContaining('not reported') } },
      });
    },
  );

  it('bind.origin: the page must be on the site, and the Origin header, when sent, the same', async () => {
    const bound = await start({ bind: { origin: ['https://shop.example.com'] } });
    const page = { url: 'https://shop.example.com/login' };
    expect((await post(bound, sealed(page))).status).toBe(200);
    expect((await post(bound, sealed(page), undefined, { origin: 'https://shop.example.com' })).status).toBe(200);
    expect(await post(bound, sealed(page), undefined, { origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      body: { error: { rule: 'origin' } },
    });
    expect(await post(bound, sealed({ url: 'https://evil.example/login' }))).toMatchObject({
      status: 403,
      body: { error: { rule: 'origin' } },
    });
  });

  it('bind.linkedId: the identification must carry this request’s linked id', async () => {
    const bound = await start({ bind: { linkedId: linkedIdFromHeader } });
    expect(
      (await post(bound, sealed({ linked_id: 'session-1' }), undefined, { 'x-session-id': 'session-1' })).status,
    ).toBe(200);
    expect(
      await post(bound, sealed({ linked_id: 'session-2' }), undefined, { 'x-session-id': 'session-1' }),
    ).toMatchObject({ status: 403, body: { error: { rule: 'linkedId' } } });
    expect(await post(bound, sealed({ linked_id: 'session-1' }))).toMatchObject({
      status: 403,
      body: { error: { rule: 'linkedId' } },
    });
  });
}
