// Runs inside a Web runtime (edge-runtime's VM, workerd): unseals each case with the build under
// test and reports the event or the error code, plus one guard round (fresh, then replay).
import { createFingerprintGuard, createUnsealer } from '@fingerprint-guard/core';

export interface UnsealCase {
  keys: string[];
  sealed: string;
  maxSealedBytes?: number;
}

export async function runCases(cases: UnsealCase[], guardCase: { keys: string[]; sealed: string }) {
  const results: unknown[] = [];
  for (const { keys, sealed, maxSealedBytes } of cases) {
    try {
      results.push({ event: await createUnsealer({ keys, maxSealedBytes }).unseal(sealed) });
    } catch (error) {
      results.push({ code: (error as { code?: string }).code ?? String(error) });
    }
  }
  const guard = createFingerprintGuard({ fingerprint: { keys: guardCase.keys } });
  const request = { headers: new Headers({ 'fingerprint-sealed-result': guardCase.sealed }) };
  const first = await guard.decide(request);
  const second = await guard.decide(request);
  return { results, guard: [first.allowed, second.error?.code] };
}

/** Unseals one sealed result `iterations` times (for the workerd benchmark); returns how many succeeded. */
export async function timeUnseals({
  keys,
  sealed,
  iterations,
}: {
  keys: string[];
  sealed: string[];
  iterations: number;
}) {
  const unsealer = createUnsealer({ keys });
  let ok = 0;
  for (let i = 0; i < iterations; i++) if ((await unsealer.unseal(sealed[i % sealed.length]!)).event_id) ok++;
  return { ok };
}
