import { bodyParser } from '@koa/bodyparser';
import Koa, { type Middleware } from 'koa';
import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { fingerprintGuard, type KoaFingerprintGuardOptions } from '../src/index.js';
import { serve } from './server.js';

telemetryConformance('Koa 3', async (options, { host }) => {
  const app = new Koa()
    .use(bodyParser() as Middleware)
    .use(fingerprintGuard(options as KoaFingerprintGuardOptions))
    .use((ctx) => {
      ctx.body = describeFingerprint(ctx.state.fingerprint);
    });
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});
