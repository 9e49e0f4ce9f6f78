/** `serverApi.rulesetId`: sent as `ruleset_id` on v4 event fetches, answered by the fake's ruleset over real HTTP. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  createServerApiClient,
  createServerApiV3Client,
  MemoryReplayStore,
  type DecisionReport,
  type FingerprintGuardOptions,
} from '../src/index.js';
import { createEvent, createFakeFingerprintApi, expectConfigError, expectGuardError } from './helpers.js';

type FakeApi = Awaited<ReturnType<typeof createFakeFingerprintApi>>;

const RULESETS = {
  rs_Checkout7Qp: {
    rules: [
      {
        id: 'r_BadBots2Xy',
        expression: 'bot in ["bad"]',
        matches: (event: { bot?: string }) => event.bot === 'bad',
        action: {
          type: 'block' as const,
          status_code: 429,
          headers: [{ name: 'Retry-After', value: '60' }],
          body: 'Automated checkouts are not allowed.',
        },
      },
      {
        id: 'r_Linux9Zk',
        expression: 'browser_details.os == "Linux"',
        matches: (event: { browser_details?: { os?: string } }) => event.browser_details?.os === 'Linux',
        action: { type: 'ignore' },
      },
    ],
    defaultAction: {
      type: 'allow' as const,
      request_header_modifications: { set: [{ name: 'X-Risk', value: 'low' }] },
    },
  },
};

let api: FakeApi;
beforeAll(async () => {
  api = await createFakeFingerprintApi({ rulesets: RULESETS });
});
afterAll(() => api.close());

const guardWith = (serverApi: Record<string, unknown>, options: Partial<FingerprintGuardOptions> = {}) =>
  createFingerprintGuard({
    fingerprint: { serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl, ...serverApi } },
    replay: { store: new MemoryReplayStore() },
    logger: { warn: vi.fn(), error: vi.fn() },
    ...options,
  });
const byId = (eventId: string) => ({ headers: { 'fingerprint-event-id': eventId } });

describe('serverApi.rulesetId', () => {
  it('sends ruleset_id and the event comes back with the rule_action the ruleset chose', async () => {
    const eventId = api.addEvent(createEvent({ bot: 'bad' }));
    const before = api.requests.length;
    const reports: DecisionReport[] = [];
    const guard = guardWith({ rulesetId: 'rs_Checkout7Qp' }, { onDecision: (report) => void reports.push(report) });
    const fingerprint = await guard.verify(byId(eventId));
    expect(api.requests.slice(before).map((request) => request.query)).toEqual([{ ruleset_id: 'rs_Checkout7Qp' }]);
    expect(fingerprint.ruleAction).toMatchObject({ type: 'block', rule_id: 'r_BadBots2Xy', status_code: 429 });
    expect(reports[0]?.ruleAction).toEqual({ type: 'block', rulesetId: 'rs_Checkout7Qp', ruleId: 'r_BadBots2Xy' });
  });

  it('without it, no ruleset_id is sent and the event carries no rule_action (as the real API answers)', async () => {
    const eventId = api.addEvent({ ...createEvent(), rule_action: { type: 'block', ruleset_id: 'rs_old' } });
    const before = api.requests.length;
    const fingerprint = await guardWith({}).verify(byId(eventId));
    expect(api.requests[before]?.query).toBeUndefined();
    expect(fingerprint.ruleAction).toBeUndefined();
  });

  it('with honorRuleAction, the ruleset’s block denies with the action on the error; its allow and default pass', async () => {
    const guard = guardWith({ rulesetId: 'rs_Checkout7Qp' }, { honorRuleAction: true });
    const blocked = await expectGuardError(
      guard.verify(byId(api.addEvent(createEvent({ bot: 'bad' })))),
      'EVENT_DENIED',
    );
    expect(blocked.rule).toBe('ruleAction');
    expect(blocked.ruleAction).toMatchObject({ status_code: 429, body: 'Automated checkouts are not allowed.' });
    const allowed = await guard.verify(byId(api.addEvent(createEvent({ bot: 'not_detected' }))));
    expect(allowed.ruleAction).toEqual({
      type: 'allow',
      ruleset_id: 'rs_Checkout7Qp',
      request_header_modifications: { set: [{ name: 'X-Risk', value: 'low' }] },
    });
    const linux = createEvent();
    linux.browser_details = { ...linux.browser_details!, os: 'Linux' };
    expect((await guard.verify(byId(api.addEvent(linux)))).ruleAction?.type).toBe('ignore');
  });

  it('a ruleset the workspace does not have is the server’s mistake: PROVIDER_AUTH_FAILED naming the option, never cached', async () => {
    const guard = guardWith({ rulesetId: 'rs_Missing0000' });
    const eventId = api.addEvent(createEvent());
    const before = api.requests.length;
    for (let request = 0; request < 2; request++) {
      const error = await expectGuardError(guard.verify(byId(eventId)), 'PROVIDER_AUTH_FAILED');
      expect(error.message).toContain('ruleset_not_found');
      expect(error.message).toContain('serverApi.rulesetId');
    }
    expect(api.requests.length - before).toBe(2);
  });

  it('another 400 is still the request’s: PROVIDER_REJECTED', async () => {
    const guard = guardWith({ rulesetId: 'rs_Checkout7Qp' });
    api.failNext({ status: 400, body: '{"error":{"code":"request_cannot_be_parsed","message":"bad id"}}' });
    await expectGuardError(guard.verify(byId(api.addEvent(createEvent()))), 'PROVIDER_REJECTED');
  });

  it('an id with characters a URL reserves goes as one encoded parameter, never as extra ones', async () => {
    const client = createServerApiClient({ secretKey: api.secretKey, baseUrl: api.baseUrl, rulesetId: 'rs a&x=1#' });
    const before = api.requests.length;
    await expect(client.getEvent(api.addEvent(createEvent()))).rejects.toMatchObject({ code: 'PROVIDER_AUTH_FAILED' });
    expect(api.requests[before]?.query).toEqual({ ruleset_id: 'rs a&x=1#' });
  });

  it('createServerApiClient takes it too', async () => {
    const client = createServerApiClient({
      secretKey: api.secretKey,
      baseUrl: api.baseUrl,
      rulesetId: 'rs_Checkout7Qp',
    });
    const event = await client.getEvent(api.addEvent(createEvent({ bot: 'bad' })));
    expect(event.rule_action?.type).toBe('block');
  });

  it.each([
    ['an empty string', ''],
    ['blank', '   '],
    ['a number', 42],
  ])('%s is CONFIG_INVALID naming the option', (_name, rulesetId) => {
    const error = expectConfigError(() => guardWith({ rulesetId }));
    expect(error.message).toContain('fingerprint.serverApi.rulesetId');
    expect(error.message).toContain('non-empty string');
  });

  it('the v3 API has no rulesets: with version 3 it is CONFIG_INVALID, in the guard and the v3 client', () => {
    const v3 = () =>
      createFingerprintGuard({
        fingerprint: {
          formats: ['v4', 'v3'],
          serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrlV3, version: 3, rulesetId: 'rs_Checkout7Qp' },
        },
      });
    expect(expectConfigError(v3).message).toContain('serverApi.rulesetId needs the v4 Server API');
    const client = () => createServerApiV3Client({ secretKey: api.secretKey, rulesetId: 'rs_Checkout7Qp' });
    expect(expectConfigError(client).message).toContain('v3 API has no rulesets');
  });
});
