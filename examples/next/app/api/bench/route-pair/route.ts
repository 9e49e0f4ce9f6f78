// floor-mw and the guard of the in-process benchmark (bench/app.ts) behind one route, chosen by the
// `x-bench-variant` header the driver sets: two routes of one app differ by 8–18 µs a request even when
// their code is the same (the floor-mw-again control), as much as the guard's cost, so the two compared
// share one route module and one path through Next.
import { withFingerprint } from '@fingerprint-guard/next';
import { benchGuard } from '../../../../lib/guard';
// floor-mw: the bare unseal before the handler, the same handler as the floor-mw route's.
import { POST as floor } from '../floor-mw/route';

const handler = async (visitor: string | undefined) => Response.json({ ok: true, visitor });

/** The guard: withFingerprint, keys only, as every adapter's bench guard. */
const guarded = withFingerprint(benchGuard, async (_request, { fingerprint }) => handler(fingerprint.visitorId));

export function POST(request: Request, context: { params: Promise<Record<string, string | string[]>> }) {
  return request.headers.get('x-bench-variant') === 'guard' ? guarded(request, context) : floor(request);
}
