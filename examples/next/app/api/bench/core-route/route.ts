// A rung of the in-process benchmark's ladder (bench/app.ts, VARIANTS=floor-mw,core-route,guard): core's
// engine called from a bare route handler, with only the headers as input: what core costs in Next,
// apart from what withFingerprint adds around it.
import { benchGuard } from '../../../../lib/guard';

const handler = async (visitor: string | undefined) => Response.json({ ok: true, visitor });

export async function POST(request: Request) {
  const decision = await benchGuard.decide(request, { headers: request.headers });
  if (!decision.allowed) return Response.json({ error: decision.error?.code }, { status: 409 });
  return handler(decision.fingerprint?.visitorId);
}
