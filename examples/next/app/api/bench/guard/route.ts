// The guard of the in-process benchmark (bench/app.ts), with the options every adapter's bench guard has.
import { withFingerprint } from '@fingerprint-guard/next';
import { benchGuard } from '../../../../lib/guard';

export const POST = withFingerprint(benchGuard, async (_request, { fingerprint }) =>
  Response.json({ ok: true, visitor: fingerprint.visitorId }),
);
