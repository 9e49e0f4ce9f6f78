// The agentless case: a newsletter sign-up form posted without Fingerprint's agent, judged by
// Fingerprint's /v4/edge evaluation of the request itself (a local fake of the API offline).
import express from 'express';
import { createFingerprintGuard, fingerprintGuard } from '@fingerprint-guard/express';

export const NEWSLETTER_PATH = '/api/newsletter';

/**
 * Mounts `POST /api/newsletter`: a request with no credential is evaluated from its method, URL,
 * headers (secrets blanked) and IP; bots, VPNs and proxies are refused, and a bot's next requests
 * are answered from the negative cache. Nothing is claimed: an edge evaluation is of this request.
 *
 * @param {import('express').Express} app
 * @param {object} options
 * @param {import('@fingerprint-guard/testing').FakeFingerprintApi} options.api  the Fingerprint API the evaluation goes to
 * @param {object} options.reporting  the guards' onDecision (and OpenTelemetry)
 * @param {(fingerprint: object) => object} options.summary  what the answer shows of req.fingerprint
 */
export function mountNewsletter(app, { api, reporting, summary }) {
  const settings = { deny: { bot: true, vpn: true, proxy: true } };
  const guard = createFingerprintGuard({
    fingerprint: { edge: { secretKey: api.secretKey, baseUrl: api.baseUrl } },
    ...reporting,
    ...settings,
  });
  app.post(NEWSLETTER_PATH, express.urlencoded({ extended: false }), fingerprintGuard(guard), (req, res) => {
    res.json({ subscribed: req.body?.email ?? 'anonymous', fingerprint: summary(req.fingerprint) });
  });
  return { path: NEWSLETTER_PATH, settings: { fingerprint: { edge: { secretKey: 'not shown' } }, ...settings } };
}
