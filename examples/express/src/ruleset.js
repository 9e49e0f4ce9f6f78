// The ruleset case: an event id fetched from the Server API (a local fake) with a Fingerprint
// ruleset, whose block the guard answers with the rule's own status, headers and body.
import { createFingerprintGuard, fingerprintGuard } from '@fingerprint-guard/express';
import { AGENT_SCENARIOS, createEvent } from '@fingerprint-guard/testing';

export const DEMO_RULESET_ID = 'rs_DemoSignup01';

/**
 * The ruleset the local fake Server API evaluates (in the dashboard, a security team writes it):
 * bad bots get the rule's own 429 answer; everyone else is allowed, with a header the rule asks
 * the origin request to carry.
 */
export const DEMO_RULESETS = {
  [DEMO_RULESET_ID]: {
    rules: [
      {
        id: 'r_NoBadBots01',
        expression: 'bot == "bad"',
        matches: (event) => event.bot === 'bad',
        action: {
          type: 'block',
          status_code: 429,
          headers: [
            { name: 'Content-Type', value: 'application/json' },
            { name: 'Retry-After', value: '3600' },
          ],
          body: JSON.stringify({ message: 'Sign-ups from automated browsers are paused. Try again in an hour.' }),
        },
      },
    ],
    defaultAction: {
      type: 'allow',
      request_header_modifications: { set: [{ name: 'X-Signup-Risk', value: 'low' }] },
    },
  },
};

/**
 * Mounts `POST /api/signup` behind a guard that fetches the event by id with the ruleset and
 * honours its action, and `POST /dev/server-api-event` (`{ scenario }` → `{ event_id,
 * simulated_event }`), which makes an event the fake Server API then serves, as the browser
 * agent's `get()` would. Returns the route's guard as the page describes it.
 *
 * @param {import('express').Express} app
 * @param {{ api: import('@fingerprint-guard/testing').FakeFingerprintApi, store: import('@fingerprint-guard/express').ReplayStore, reporting: object, summary: (fingerprint: unknown) => unknown }} options
 */
export function mountRulesetDemo(app, { api, store, reporting, summary }) {
  const settings = { honorRuleAction: true };
  const guard = createFingerprintGuard({
    fingerprint: { serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl, rulesetId: DEMO_RULESET_ID } },
    replay: { store },
    ...reporting,
    ...settings,
  });
  // An allowed request: the route may apply the allow action's header changes (here it shows them).
  app.post('/api/signup', fingerprintGuard(guard), (req, res) => {
    res.json({ account: 'created', fingerprint: summary(req.fingerprint) });
  });
  app.post('/dev/server-api-event', (req, res) => {
    const scenario = Object.hasOwn(AGENT_SCENARIOS, req.body?.scenario) ? req.body.scenario : 'fresh';
    const event = createEvent(AGENT_SCENARIOS[scenario]());
    res.json({ event_id: api.addEvent(event), simulated_event: event });
  });
  return {
    path: '/api/signup',
    settings: { fingerprint: { serverApi: { secretKey: 'not shown', rulesetId: DEMO_RULESET_ID } }, ...settings },
  };
}
