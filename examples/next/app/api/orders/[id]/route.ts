import type { NextRequest } from 'next/server';
import { withFingerprint } from '@fingerprint-guard/next';
import { guard } from '../../../../lib/guard';

export const POST = withFingerprint<NextRequest, { id: string }>(guard, async (_request, { params, fingerprint }) => {
  const { id } = await params;
  return Response.json({ order: id, visitorId: fingerprint.visitorId });
});
