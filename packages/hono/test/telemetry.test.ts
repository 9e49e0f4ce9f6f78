// OpenTelemetry through the Hono adapter on Node (the SDK is global: this table has its own file).
import { Hono } from 'hono';
import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { fingerprintGuard, type HonoFingerprintGuardOptions } from '../src/index.js';
import { serve } from './server.js';

telemetryConformance('Hono 4 on Node', async (options, { host }) => {
  const app = new Hono().post('/login', fingerprintGuard(options as HonoFingerprintGuardOptions), (c) =>
    c.json(describeFingerprint(c.get('fingerprint'))),
  );
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});
