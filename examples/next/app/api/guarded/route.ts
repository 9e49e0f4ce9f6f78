// /api/hello behind the guard, for the end-to-end benchmark.
import { withFingerprint } from '@fingerprint-guard/next';
import { guard } from '../../../lib/guard';

export const POST = withFingerprint(guard, async () => Response.json({ ok: true }));
