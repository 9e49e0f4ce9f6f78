// A rung of the in-process benchmark's ladder (bench/app.ts, VARIANTS=floor-mw,floor-checked,…): the
// bare unseal with every check the guard makes on a sealed result, hand-flattened into one function.
import { type BareUnseal, createCheckedUnseal } from '@fingerprint-guard/bench-harness/floor';
import { sealedKeys } from '../../../../lib/guard';

let unseal: BareUnseal | undefined;

const handler = async (visitor: string | undefined) => Response.json({ ok: true, visitor });

export async function POST(request: Request) {
  unseal ??= createCheckedUnseal(sealedKeys()[0]!);
  const read = unseal(request.headers.get('fingerprint-sealed-result'));
  if (!read) return Response.json({ error: 'refused' }, { status: 409 });
  return handler(read.visitorId);
}
