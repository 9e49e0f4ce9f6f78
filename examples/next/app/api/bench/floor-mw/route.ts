// The floor of the in-process benchmark (bench/app.ts): the bare unseal (decrypt + inflate + parse
// and a Map, no checks) run before the handler, where withFingerprint runs in ../guard.
import { type BareUnseal, createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { sealedKeys } from '../../../../lib/guard';

let unseal: BareUnseal | undefined;

const handler = async (visitor: string | undefined) => Response.json({ ok: true, visitor });

export async function POST(request: Request) {
  unseal ??= createBareUnseal(sealedKeys()[0]!);
  const read = unseal(request.headers.get('fingerprint-sealed-result'));
  if (!read) return Response.json({ error: 'replayed' }, { status: 409 });
  return handler(read.visitorId);
}
