import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { withFingerprint, type NextFingerprintGuardOptions } from '../src/index.js';
import { serveHandler } from './serve-handler.js';

telemetryConformance('Next.js route handler', async (options, { host }) =>
  serveHandler(
    withFingerprint(options as NextFingerprintGuardOptions, async (_request, { fingerprint }) =>
      Response.json(describeFingerprint(fingerprint)),
    ),
    host,
  ),
);
