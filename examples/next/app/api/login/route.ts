import { withFingerprint } from '@fingerprint-guard/next';
import { guard } from '../../../lib/guard';

export const POST = withFingerprint(guard, async (request, { fingerprint }) => {
  const { user } = (await request.json()) as { user?: string };
  return Response.json({
    user,
    eventId: fingerprint.eventId,
    visitorId: fingerprint.visitorId,
    vpn: fingerprint.signals.vpn ?? null,
  });
});
