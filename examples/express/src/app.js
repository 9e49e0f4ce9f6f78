// The example app: a login behind Fingerprint, a checkout behind cside, and the demo page.
import express from 'express';
import { fileURLToPath } from 'node:url';
import { createFingerprintGuard, fingerprintGuard } from '@fingerprint-guard/express';
import { createAgentSimulator } from '@fingerprint-guard/testing';

/**
 * @param {object} options
 * @param {ReturnType<import('./config.js').readConfig>} options.config
 * @param {import('@fingerprint-guard/express').ReplayStore} options.store  one store for every guarded route
 * @param {{ apiKey: string, baseUrl?: string, scriptUrl: string }} options.cside
 */
export function createApp({ config, store, cside }) {
  const app = express();
  app.use(express.json());

  // One guard for the login: sealed results, two minutes at most, no bots, VPNs or tampering.
  const loginGuard = createFingerprintGuard({
    fingerprint: { keys: config.sealedKeys },
    maxAge: '2m',
    replay: { store },
    deny: { bot: true, vpn: true, tampering: true },
    minConfidence: 0.9,
  });
  app.post('/api/login', fingerprintGuard(loginGuard), (req, res) => {
    res.json({ welcome: req.body?.user ?? 'anonymous', fingerprint: summary(req.fingerprint) });
  });

  // The checkout trusts cside: the browser's session token is exchanged once, on the server.
  const checkoutGuard = createFingerprintGuard({
    cside: { apiKey: cside.apiKey, baseUrl: cside.baseUrl },
    replay: { store },
    deny: { bot: true },
  });
  app.post('/api/checkout', fingerprintGuard(checkoutGuard), (req, res) => {
    res.json({ order: 'confirmed', fingerprint: summary(req.fingerprint) });
  });

  // What the demo page needs to know: which agent and which cside script to load.
  app.get('/demo-config.json', (_req, res) => {
    res.json({ agent: config.agent ?? { simulator: '/dev/agent-simulator' }, csideScriptUrl: cside.scriptUrl });
  });

  // A simulator of Fingerprint's browser agent. Development only: anyone who can call it can mint
  // valid sealed results with the development key.
  if (!config.production) {
    app.post('/dev/agent-simulator', createAgentSimulator({ key: config.sealedKeys[0] }).handleNode);
  }

  app.use(express.static(fileURLToPath(new URL('../public', import.meta.url))));
  return app;
}

/** What the route saw in req.fingerprint, without the full event (the page shows that separately). */
function summary(fingerprint) {
  const { event, ...rest } = fingerprint;
  return { ...rest, denial: fingerprint.denial?.code };
}
