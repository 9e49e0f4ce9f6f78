import express from 'express';
import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { fingerprintGuard, type ExpressFingerprintGuardOptions } from '../src/index.js';
import { serve } from './server.js';

telemetryConformance('Express 5', async (options, { host }) => {
  const app = express();
  app.post('/login', fingerprintGuard(options as ExpressFingerprintGuardOptions), (req, res) =>
    res.json(describeFingerprint(req.fingerprint)),
  );
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});
