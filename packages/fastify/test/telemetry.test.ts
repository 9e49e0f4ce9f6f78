// OpenTelemetry through the Fastify adapter (the SDK is global: this table has its own file).
import fastify from 'fastify';
import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { fingerprintGuard, type FastifyFingerprintGuardOptions } from '../src/index.js';
import { serve } from './server.js';

telemetryConformance('Fastify 5', async (options, { host }) => {
  const app = fastify();
  app.post('/login', { preHandler: fingerprintGuard(options as FastifyFingerprintGuardOptions) }, async (request) =>
    describeFingerprint(request.fingerprint),
  );
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});
