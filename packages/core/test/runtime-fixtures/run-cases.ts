// Runs inside a Web runtime (edge-runtime's VM, workerd): unseals each case with the build under
// test (either format) and reports it or the error code, plus guard rounds (fresh, then replay)
// for a 4.x agent's sealed result and, with formats ['v4', 'v3'], a 3.x agent's.
import { createFingerprintGuard, createUnsealer } from '@fingerprint-guard/core';

export interface UnsealCase {
  keys: string[];
  sealed: string;
  maxSealedBytes?: number;
}

export async function runCases(cases: UnsealCase[], guardCase: { keys: string[]; sealed: string; sealedV3: string }) {
  const results: unknown[] = [];
  for (const { keys, sealed, maxSealedBytes } of cases) {
    try {
      results.push(await createUnsealer({ keys, maxSealedBytes }).unsealAnyFormat(sealed));
    } catch (error) {
      results.push({ code: (error as { code?: string }).code ?? String(error) });
    }
  }
  const guard = createFingerprintGuard({ fingerprint: { keys: guardCase.keys } });
  const request = { headers: new Headers({ 'fingerprint-sealed-result': guardCase.sealed }) };
  const first = await guard.decide(request);
  const second = await guard.decide(request);
  const both = createFingerprintGuard({ fingerprint: { keys: guardCase.keys, formats: ['v4', 'v3'] } });
  const v3Request = { headers: new Headers({ 'fingerprint-sealed-result': guardCase.sealedV3 }) };
  const v3 = await both.decide(v3Request);
  const v3Again = await both.decide(v3Request);
  const format = v3.fingerprint?.provider === 'fingerprint' ? v3.fingerprint.format : undefined;
  return { results, guard: [first.allowed, second.error?.code], v3: [v3.allowed, format, v3Again.error?.code] };
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
