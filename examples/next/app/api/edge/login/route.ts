// The login on the Edge runtime: the guard and the unsealer run on WebCrypto and a bounded pure-JS
// inflate (the `edge-light` build of @fingerprint-guard/core). Each Edge isolate has its own memory
// store: behind several isolates use a shared store, e.g. an HTTP Redis (see the Next README).
import { withFingerprint } from '@fingerprint-guard/next';
import { guard } from '../../../../lib/guard';

export const runtime = 'edge';

export const POST = withFingerprint(guard, async (request, { fingerprint }) => {
  const { user } = (await request.json()) as { user?: string };
  return Response.json({
    user,
    eventId: fingerprint.eventId,
    runtime: typeof EdgeRuntime === 'string' ? 'edge' : 'node',
  });
});

declare const EdgeRuntime: string | undefined;
