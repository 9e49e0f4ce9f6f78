/** Rulesets' actions: the types against the schema's example shapes, honorRuleAction, and the block response adapters send. */
import { describe, expect, it, vi } from 'vitest';
import { denialResponse } from '../src/adapter/index.js';
import {
  createFingerprintGuard,
  FingerprintGuardError,
  MemoryReplayStore,
  type EventRuleAction,
  type EventRuleActionBlock,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '../src/index.js';
import { createEvent, generateKey, sealEvent } from './helpers.js';

// Made-up values, in the shapes of the SDKs' get_event_200_with_ruleset*.json fixtures and the
// schema's get_event_ruleset_200.json: a block with a JSON body, an allow with header changes,
// and a type newer than the schema (the Go SDK's "extra rule action" fixture). The fixtures
// themselves, byte for byte, are in v4-examples.test.ts.

/** An identification from a Cloudflare integration, fetched with a ruleset that blocks it. */
const rulesetBlockEvent = (timestamp: number) =>
  ({
    event_id: `${timestamp}.Rs7Blk`,
    timestamp,
    linked_id: 'cart-5521',
    environment_id: 'ae_7c61d0e2a9b84f35',
    suspect: true,
    sdk: {
      platform: 'js',
      version: '4.1.2',
      integrations: [{ name: 'fingerprint-pro-cloudflare', version: '2.0.4' }],
    },
    replayed: false,
    identification: {
      visitor_id: 'Qz81Wn27Lp45Rt63Ys09',
      confidence: { score: 0.98, version: 'v1.1' },
      visitor_found: true,
      first_seen_at: timestamp - 86_400_000,
      last_seen_at: timestamp - 5_000,
    },
    tags: { checkout: 'express' },
    url: 'https://store.example.net/checkout',
    ip_address: '198.51.100.77',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0',
    browser_details: {
      browser_name: 'HeadlessChrome',
      browser_major_version: '131',
      browser_full_version: '131.0.6778',
      os: 'Linux',
      os_version: '',
      device: 'Other',
    },
    rule_action: {
      ruleset_id: 'rs_Cq4Lm8Vn2Xp6Tz',
      rule_id: 'r_Hd5Jk9Ws3Ey7Ub',
      rule_expression: 'browser_details.browser_name == "HeadlessChrome"',
      type: 'block',
      status_code: 403,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: '{"reason":"headless browsers cannot check out"}',
    },
  }) satisfies FingerprintEvent;

/** The same ruleset's allow, with the header changes it asks the origin request to get. */
const allowAction = {
  ruleset_id: 'rs_Cq4Lm8Vn2Xp6Tz',
  rule_id: 'r_Fa2Gb6Hc0Id4Je',
  rule_expression: 'bot == "not_detected"',
  type: 'allow',
  request_header_modifications: {
    remove: [],
    set: [{ name: 'X-Visitor-Checked', value: 'true' }],
    append: [],
  },
} satisfies EventRuleAction;

/** A type the schema does not list yet. */
const ignoreAction = {
  ruleset_id: 'rs_Cq4Lm8Vn2Xp6Tz',
  rule_id: 'r_Kl1Mn5Op9Qr3St',
  rule_expression: 'browser_details.os == "Linux"',
  type: 'ignore',
} satisfies EventRuleAction;

const key = generateKey();
const guardWith = (options: Partial<FingerprintGuardOptions> = {}) =>
  createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    logger: { warn: vi.fn(), error: vi.fn() },
    ...options,
  });
const withEvent = (event: FingerprintEvent) => ({ headers: { 'fingerprint-sealed-result': sealEvent(event, key) } });
const withAction = (ruleAction: unknown) => withEvent({ ...createEvent(), rule_action: ruleAction as EventRuleAction });

describe('rule_action types, in the schema example shapes', () => {
  it('a block, an allow and a newer type type-check, and narrowing on type types their fields', () => {
    const block = rulesetBlockEvent(Date.now()).rule_action;
    const described = [block, allowAction, ignoreAction].map((action: EventRuleAction) => {
      if (action.type === 'block') return `${action.status_code} ${action.headers?.[0]?.name}`;
      if (action.type === 'allow') return `set ${action.request_header_modifications?.set?.[0]?.name}`;
      return `unknown ${action.type}`;
    });
    expect(described).toEqual(['403 Content-Type', 'set X-Visitor-Checked', 'unknown ignore']);
  });
});

describe('honorRuleAction', () => {
  it('a block denies with rule ruleAction, before the claim, and the error carries the action', async () => {
    const event = rulesetBlockEvent(Date.now());
    const decision = await guardWith({ honorRuleAction: true }).decide(withEvent(event));
    expect(decision).toMatchObject({ allowed: false, stage: 'rules', rule: 'ruleAction' });
    expect(decision.fingerprint?.replayCheck).toBe('not-reached');
    expect(decision.error?.ruleAction).toEqual(event.rule_action);
    // What a client may see of the error: never the action.
    expect(JSON.stringify(decision.error)).not.toContain('headless browsers');
  });

  it('an allow passes, its header changes on the result for the route', async () => {
    const fingerprint = await guardWith({ honorRuleAction: true }).verify(withAction(allowAction));
    const action = fingerprint.ruleAction;
    expect(action?.type === 'allow' ? action.request_header_modifications?.set : undefined).toEqual([
      { name: 'X-Visitor-Checked', value: 'true' },
    ]);
  });

  it('a type this version does not know passes, logged once per type, and onDecision names it', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const reports: unknown[] = [];
    const guard = guardWith({ honorRuleAction: true, logger, onDecision: (report) => void reports.push(report) });
    for (let request = 0; request < 3; request++) await guard.verify(withAction(ignoreAction));
    const warnings = logger.warn.mock.calls.filter(([, fields]) => fields?.event === 'rule-action-unknown');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![0]).toContain("'ignore'");
    expect(reports[2]).toMatchObject({
      outcome: 'allowed',
      ruleAction: { type: 'ignore', rulesetId: 'rs_Cq4Lm8Vn2Xp6Tz', ruleId: 'r_Kl1Mn5Op9Qr3St' },
    });
  });

  it('without honorRuleAction a block is only reported: the route decides', async () => {
    const reports: Array<{ ruleAction?: unknown }> = [];
    const guard = guardWith({ onDecision: (report) => void reports.push(report) });
    const fingerprint = await guard.verify(withEvent(rulesetBlockEvent(Date.now())));
    expect(fingerprint.ruleAction?.type).toBe('block');
    expect(reports[0]?.ruleAction).toEqual({
      type: 'block',
      rulesetId: 'rs_Cq4Lm8Vn2Xp6Tz',
      ruleId: 'r_Hd5Jk9Ws3Ey7Ub',
    });
  });

  it('monitor mode lets a block through and attaches the denial with its action', async () => {
    const fingerprint = await guardWith({ honorRuleAction: true, mode: 'monitor' }).verify(
      withEvent(rulesetBlockEvent(Date.now())),
    );
    expect(fingerprint.denial).toMatchObject({ rule: 'ruleAction', ruleAction: { status_code: 403 } });
    expect(fingerprint.replayCheck).toBe('claimed');
  });

  it('a block whose response cannot be sent still denies, and the problem is logged once per rule', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const guard = guardWith({ honorRuleAction: true, logger });
    const redirect = { type: 'block', ruleset_id: 'rs_1', rule_id: 'r_1', status_code: 302, body: 'moved' };
    for (let request = 0; request < 2; request++) {
      const decision = await guard.decide(withAction(redirect));
      expect(decision).toMatchObject({ allowed: false, rule: 'ruleAction' });
      expect(denialResponse(decision.error!).status).toBe(403);
    }
    const warnings = logger.warn.mock.calls.filter(([, fields]) => fields?.event === 'rule-action-invalid');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![0]).toContain('status_code 302 is not an error status');
  });
});

const blocked = (action: Partial<EventRuleActionBlock>) =>
  new FingerprintGuardError('EVENT_DENIED', 'The request was denied: a Fingerprint Rules Engine rule blocks it.', {
    rule: 'ruleAction',
    ruleAction: { type: 'block', ruleset_id: 'rs_1', rule_id: 'r_1', ...action },
  });
const JSON_DENIAL = {
  status: 403,
  headers: [['content-type', 'application/json; charset=utf-8']],
  body: JSON.stringify({
    error: {
      code: 'EVENT_DENIED',
      message: 'The request was denied: a Fingerprint Rules Engine rule blocks it.',
      rule: 'ruleAction',
    },
  }),
};

describe('denialResponse: what adapters send', () => {
  it('a block: its status, headers (set-cookie repeated) and body; text/plain when it names no type', () => {
    const cookies = [
      { name: 'Set-Cookie', value: 'blocked=1; Path=/' },
      { name: 'Set-Cookie', value: 'rule=r_1; Path=/' },
    ];
    expect(denialResponse(blocked({ status_code: 429, headers: cookies, body: 'Slow down.' }))).toEqual({
      status: 429,
      headers: [
        ['set-cookie', 'blocked=1; Path=/'],
        ['set-cookie', 'rule=r_1; Path=/'],
        ['content-type', 'text/plain; charset=utf-8'],
      ],
      body: 'Slow down.',
    });
    expect(denialResponse(blocked({ status_code: 451 }))).toEqual({ status: 451, headers: [], body: '' });
  });

  it('any other denial: the JSON body with the error status', () => {
    const denied = new FingerprintGuardError('EVENT_DENIED', 'The request was denied: vpn detected.', { rule: 'vpn' });
    expect(denialResponse(denied)).toEqual({
      status: 403,
      headers: [['content-type', 'application/json; charset=utf-8']],
      body: '{"error":{"code":"EVENT_DENIED","message":"The request was denied: vpn detected.","rule":"vpn"}}',
    });
  });

  it.each([
    ['no status', {}],
    ['a 2xx status', { status_code: 200 }],
    ['a redirect', { status_code: 302 }],
    ['a status past 599', { status_code: 600 }],
    ['a fractional status', { status_code: 403.5 }],
    ['a status as a string', { status_code: '403' as unknown as number }],
    ['a body that is not a string', { status_code: 403, body: { html: true } as unknown as string }],
    ['a body over 64 KiB', { status_code: 403, body: 'x'.repeat(65_537) }],
    ['a body over 64 KiB in UTF-8 only', { status_code: 403, body: 'é'.repeat(32_769) }],
  ])('%s: the JSON 403 instead', (_name, action) => {
    expect(denialResponse(blocked(action))).toEqual(JSON_DENIAL);
  });

  it('a body of exactly 64 KiB in UTF-8 is sent', () => {
    expect(denialResponse(blocked({ status_code: 403, body: 'é'.repeat(32_768) })).body).toHaveLength(32_768);
  });

  it('headers that could split, reframe or flood the response are left out; the others are kept', () => {
    const hostile = [
      { name: 'X-Split', value: 'a\r\nSet-Cookie: session=stolen' },
      { name: 'X-Newline', value: 'a\nb' },
      { name: 'X-Nul', value: 'a\u0000b' },
      { name: 'X-Latin', value: 'café' },
      { name: 'X Space', value: 'a' },
      { name: 'X-Colon:', value: 'a' },
      { name: '', value: 'a' },
      { name: 'Transfer-Encoding', value: 'chunked' },
      { name: 'Content-Length', value: '0' },
      { name: 'Connection', value: 'close' },
      { name: 'Upgrade', value: 'websocket' },
      { name: 42, value: 'a' },
      null,
      { name: 'Retry-After', value: ' 120 ' },
      ...Array.from({ length: 40 }, (_, index) => ({ name: `X-Many-${index}`, value: 'v' })),
    ] as unknown as EventRuleActionBlock['headers'];
    const { status, headers } = denialResponse(blocked({ status_code: 429, headers: hostile, body: '' }));
    expect(status).toBe(429);
    expect(headers[0]).toEqual(['retry-after', '120']);
    expect(headers).toHaveLength(32);
    expect(headers.every(([name, value]) => /^x-many-\d+$|^retry-after$/.test(name) && !/[\r\n\0]/.test(value))).toBe(
      true,
    );
  });

  it('a repeated name is sent once, its values joined, as Web Headers do; set-cookie stays repeated', () => {
    const repeated = [
      { name: 'Vary', value: 'Accept' },
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'vary', value: 'Origin' },
      { name: 'Set-Cookie', value: 'b=2' },
    ];
    expect(denialResponse(blocked({ status_code: 403, headers: repeated })).headers).toEqual([
      ['vary', 'Accept, Origin'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
  });

  it('headers that are not a list are left out, the status and body kept', () => {
    const odd = { 'Retry-After': '1' } as unknown as EventRuleActionBlock['headers'];
    expect(denialResponse(blocked({ status_code: 503, headers: odd, body: 'down' }))).toEqual({
      status: 503,
      headers: [['content-type', 'text/plain; charset=utf-8']],
      body: 'down',
    });
  });
});
