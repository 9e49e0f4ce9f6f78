// The login on the Edge runtime with a shared replay store: Upstash Redis over its REST API, so an
// identification accepted by one Edge isolate is a replay for every other one.
import { withFingerprint } from '@fingerprint-guard/next';
import { upstashGuard } from '../../../../lib/upstash-guard';

export const runtime = 'edge';

export const POST = withFingerprint(upstashGuard, async (_request, { fingerprint }) =>
  Response.json({ eventId: fingerprint.eventId, runtime: typeof EdgeRuntime === 'string' ? 'edge' : 'node' }),
);

declare const EdgeRuntime: string | undefined;
