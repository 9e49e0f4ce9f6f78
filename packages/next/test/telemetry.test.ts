import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { withFingerprint, type NextGuardOptions } from '../src/index.js';
import { serveHandler } from './serve-handler.js';

telemetryConformance('Next.js route handler', async (options, { host }) =>
  serveHandler(
    withFingerprint(options as NextGuardOptions, async (_request, { fingerprint }) =>
      Response.json(describeFingerprint(fingerprint)),
    ),
    host,
  ),
);
