/** The adapter table's rows for Fingerprint rulesets: a block is answered with the rule's own response, and the route never runs. */
import type { EventRuleAction, FingerprintEvent, FingerprintGuardOptions } from '@fingerprint-guard/core';
import { expect, it } from 'vitest';
import { createEvent, createEventId } from './event.js';
import { createFakeFingerprintApi } from './fakes/fingerprint-api.js';
import { type GuardedApp, routeRanWith } from './adapter-fixtures.js';
import type { TableHelpers } from './adapter-conformance-rules.js';

/** A block as a security team writes it, with what a hostile or careless rule could add. */
const BLOCK = {
  type: 'block',
  ruleset_id: 'rs_Conformance01',
  rule_id: 'r_NoAgents',
  rule_expression: 'bot_info.category == "ai_agent"',
  status_code: 429,
  headers: [
    { name: 'Content-Type', value: 'text/html; charset=utf-8' },
    { name: 'Retry-After', value: '60' },
    { name: 'Set-Cookie', value: 'blocked=1; Path=/' },
    { name: 'Set-Cookie', value: 'rule=r_NoAgents; Path=/' },
    { name: 'X-Injected', value: 'a\r\nSet-Cookie: session=stolen' },
    { name: 'Transfer-Encoding', value: 'chunked' },
  ],
  body: '<h1>Agents are not allowed to check out.</h1>',
} satisfies EventRuleAction;

/** POSTs `headers` to the app and reads the answer as text, whatever its type. */
async function send(app: GuardedApp, headers: Record<string, string>) {
  const response = await fetch(app.url, { method: 'POST', headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Registers the rows (inside the table's `describe`). */
export function ruleActionRows({ start, sealed }: Pick<TableHelpers, 'start' | 'sealed'>): void {
  const sealedWith = (overrides: Partial<FingerprintEvent>) => {
    const eventId = createEventId();
    return { eventId, headers: { 'fingerprint-sealed-result': sealed({ event_id: eventId, ...overrides }) } };
  };

  it('honorRuleAction: a ruleset’s block is answered with the rule’s status, headers and body; the route never runs', async () => {
    const app = await start({ honorRuleAction: true });
    const blocked = sealedWith({ rule_action: BLOCK });
    const answer = await send(app, blocked.headers);
    expect([answer.status, answer.text]).toEqual([429, BLOCK.body]);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('retry-after')).toBe('60');
    expect(answer.headers.getSetCookie()).toEqual(['blocked=1; Path=/', 'rule=r_NoAgents; Path=/']);
    // The header that would split the response is left out, not sent in pieces.
    expect(answer.headers.get('x-injected')).toBeNull();
    expect(routeRanWith(blocked.eventId)).toBe(false);
    const clean = sealedWith({});
    expect((await send(app, clean.headers)).status).toBe(200);
    expect(routeRanWith(clean.eventId)).toBe(true);
  });

  it('honorRuleAction: a block whose status is not an error is the JSON 403; allow and unknown types reach the route', async () => {
    const app = await start({ honorRuleAction: true });
    const redirect = await send(app, sealedWith({ rule_action: { ...BLOCK, status_code: 302 } }).headers);
    expect([redirect.status, JSON.parse(redirect.text)]).toEqual([
      403,
      { error: { code: 'EVENT_DENIED', message: expect.any(String), rule: 'ruleAction' } },
    ]);
    for (const type of ['allow', 'ignore']) {
      const passing = sealedWith({ rule_action: { type, ruleset_id: 'rs_Conformance01' } });
      expect((await send(app, passing.headers)).status).toBe(200);
      expect(routeRanWith(passing.eventId)).toBe(true);
    }
  });

  it('serverApi.rulesetId: the fake Server API’s ruleset blocks an event fetched by id, answered as the rule says', async () => {
    const api = await createFakeFingerprintApi({
      rulesets: {
        rs_Conformance02: {
          rules: [{ matches: (event) => event.bot === 'bad', action: { ...BLOCK, status_code: 403, headers: [] } }],
        },
      },
    });
    try {
      const serverApi = { secretKey: api.secretKey, baseUrl: api.baseUrl, rulesetId: 'rs_Conformance02' };
      const app = await start({ fingerprint: { serverApi }, honorRuleAction: true } as FingerprintGuardOptions<never>);
      const bad = api.addEvent(createEvent({ bot: 'bad' }));
      const answer = await send(app, { 'fingerprint-event-id': bad });
      expect([answer.status, answer.text, answer.headers.get('content-type')]).toEqual([
        403,
        BLOCK.body,
        'text/plain; charset=utf-8',
      ]);
      expect(routeRanWith(bad)).toBe(false);
      expect(api.requests.at(-1)?.query).toEqual({ ruleset_id: 'rs_Conformance02' });
      const good = api.addEvent(createEvent());
      expect((await send(app, { 'fingerprint-event-id': good })).status).toBe(200);
    } finally {
      await api.close();
    }
  });
}
