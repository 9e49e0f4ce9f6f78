// The example app: a login behind Fingerprint, a checkout behind cside, a newsletter behind the agentless edge check, and the demo page.
import express from 'express';
import { fileURLToPath } from 'node:url';
import { createFingerprintGuard, fingerprintGuard } from '@fingerprint-guard/express';
import { createAgentSimulator } from '@fingerprint-guard/testing';
import { mountRulesetDemo } from './ruleset.js';
import { mountNewsletter } from './newsletter.js';

/**
 * @param {object} options
 * @param {ReturnType<import('./config.js').readConfig>} options.config
 * @param {string[]} options.origins  where the pages are served (bind.origin)
 * @param {import('@fingerprint-guard/express').ReplayStore} options.store  one store for every guarded route
 * @param {{ apiKey: string, baseUrl?: string, scriptUrl: string }} options.cside
 * @param {import('@fingerprint-guard/express').OpenTelemetryApi} [options.opentelemetry]  the API to report to; default: the guards' own lookup
 * @param {import('@fingerprint-guard/testing').FakeFingerprintApi} [options.fingerprintApi]  a local fake Server API with the demo's ruleset (ruleset.js) and /v4/edge; without it, no sign-up or newsletter case
 */
export function createApp({ config, origins, store, cside, opentelemetry, fingerprintApi }) {
  const app = express();
  app.use(express.json());

  // The last decisions, as the guards report them (onDecision): the demo page shows their stage and timings.
  const decisions = [];
  const onDecision = (decision) => {
    decisions.push(decision);
    if (decisions.length > 20) decisions.shift();
  };
  const reporting = { onDecision, ...(opentelemetry ? { opentelemetry } : {}) };
  app.get('/demo/decisions', (_req, res) => res.json(decisions));

  // One guard for the login: sealed results, two minutes at most, no bots, VPNs or tampering,
  // made from this client's IP (req.ip) on this site; a browser with over 20 logins in the last
  // hour is let in only after a second factor (step-up).
  const loginSettings = {
    maxAge: '2m',
    deny: { bot: true, vpn: true, tampering: true },
    minConfidence: 0.9,
    stepUp: { maxVelocity: { events: { '1h': 20 } } },
    bind: { ip: true, origin: origins },
  };
  const loginGuard = createFingerprintGuard({
    // 3.x agents seal a v3 { products } response: accept both, as an app migrating agents would.
    fingerprint: { keys: config.sealedKeys, formats: ['v4', 'v3'] },
    replay: { store },
    ...reporting,
    ...loginSettings,
  });
  const loginKeys = `${config.sealedKeys.length} key${config.sealedKeys.length === 1 ? '' : 's'}, not shown`;
  app.post('/api/login', fingerprintGuard(loginGuard), (req, res) => {
    // A stepUp rule asked: the route runs, and asks for a second factor before logging in.
    if (req.fingerprint.stepUp) {
      res.json({ stepUp: req.fingerprint.stepUp, next: 'one-time code', fingerprint: summary(req.fingerprint) });
      return;
    }
    res.json({ welcome: req.body?.user ?? 'anonymous', fingerprint: summary(req.fingerprint) });
  });

  // The checkout trusts cside: the browser's session token is exchanged once, on the server.
  const checkoutSettings = { deny: { bot: true } };
  const checkoutGuard = createFingerprintGuard({
    cside: { apiKey: cside.apiKey, baseUrl: cside.baseUrl },
    replay: { store },
    ...reporting,
    ...checkoutSettings,
  });
  app.post('/api/checkout', fingerprintGuard(checkoutGuard), (req, res) => {
    res.json({ order: 'confirmed', fingerprint: summary(req.fingerprint) });
  });

  // What the demo page needs to know: which agent and which cside script to load, and each
  // route's guard (its settings, secrets left out, and the stages it runs).
  const simulator = config.simulatorKey ? '/dev/agent-simulator' : undefined;
  const guards = {
    '/api/login': describeGuard({ fingerprint: { keys: loginKeys }, ...loginSettings }),
    '/api/checkout': describeGuard({ cside: { apiKey: 'not shown' }, ...checkoutSettings }),
  };
  app.get('/demo-config.json', (_req, res) => {
    res.json({
      agent: config.agent ?? (simulator ? { simulator } : { none: true }),
      csideScriptUrl: cside.scriptUrl,
      guards,
      serverApiEvents: fingerprintApi ? '/dev/server-api-event' : undefined,
    });
  });

  // A simulator of Fingerprint's browser agent, mounted only when no real key is configured: it
  // seals with the development key this process made (config.js), never with a real one.
  if (simulator) app.post(simulator, createAgentSimulator({ key: config.simulatorKey }).handleNode);

  // The ruleset case (Server API fallback with a ruleset), on the local fake Server API only.
  if (fingerprintApi) {
    const signup = mountRulesetDemo(app, { api: fingerprintApi, store, reporting, summary });
    guards[signup.path] = describeGuard(signup.settings);
    // The agentless case: no agent on the page, Fingerprint's /v4/edge judges the request itself.
    const newsletter = mountNewsletter(app, { api: fingerprintApi, reporting, summary });
    guards[newsletter.path] = describeGuard(newsletter.settings);
  }

  app.use(express.static(fileURLToPath(new URL('../public', import.meta.url))));
  return app;
}

/**
 * A guard's settings as the page shows them, and the stages of the pipeline it runs: `rules`
 * only with a rule, `binding` only with `bind`, `check` only with a `check` (the page lights no
 * stage a guard does not have).
 */
function describeGuard(settings) {
  const rules = [
    'deny',
    'stepUp',
    'minConfidence',
    'maxSuspectScore',
    'maxVpnScore',
    'maxTamperingScore',
    'maxVelocity',
    'honorRuleAction',
  ].some((name) => settings[name]);
  // A guard with only the edge check dates and claims nothing: its evaluation is of the request itself.
  const edgeOnly = settings.fingerprint?.edge !== undefined && !settings.fingerprint.keys && !settings.cside;
  const stages = [
    'credential',
    'authenticate',
    ...(edgeOnly ? [] : ['age']),
    ...(rules ? ['rules'] : []),
    ...(settings.bind ? ['binding'] : []),
    ...(settings.replay === false || edgeOnly ? [] : ['replay']),
    ...(settings.check ? ['check'] : []),
    'allowed',
  ];
  return { settings, stages };
}

/**
 * What the route saw in req.fingerprint, without the full event (the page shows that apart):
 * the identification first, then how the guard got it (keyIndex, replayCheck), the signals last.
 */
function summary(fingerprint) {
  const { event, signals, denial, ...rest } = fingerprint;
  return { ...rest, ...(denial ? { denial: denial.code } : {}), signals };
}
