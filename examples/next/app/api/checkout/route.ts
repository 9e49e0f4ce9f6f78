// A checkout behind cside: the browser's session token (cside_token) is exchanged once, server-side.
import { withFingerprint } from '@fingerprint-guard/next';
import { csideGuard } from '../../../lib/guard';

export const POST = withFingerprint(csideGuard, async (_request, { fingerprint }) =>
  Response.json({ order: 'confirmed', provider: fingerprint.provider }),
);
