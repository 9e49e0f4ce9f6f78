/**
 * A mutation fuzzer for the unsealer: seeded mutations of the official vectors and fresh sealed
 * events (src/fuzz-inputs.ts); the guard's credential extraction has its own (src/fuzz-guard.ts).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createUnsealer, isFingerprintGuardError } from '@fingerprint-guard/core';
import { generateKey } from '@fingerprint-guard/testing';
import { FINGERPRINT_TEST_KEY, loadSeeds, mutatePlaintext, mutateSealed } from './fuzz-inputs.js';
import { prng } from './prng.js';
import { newStats, rssMb, YIELD_EVERY, type FuzzStats } from './fuzz-stats.js';
import type { SecretScanner } from './secrets.js';

/**
 * Fuzzes `createUnsealer().unseal` (v4 only) and, for every other input, `unsealAnyFormat` (what
 * a guard accepting 3.x agents runs) with `inputs` mutated sealed results.
 */
export async function fuzzUnsealer(options: {
  inputs: number;
  seed: number;
  vectorsDir?: string;
  scanner?: SecretScanner;
}): Promise<FuzzStats> {
  const random = prng(options.seed);
  const key = generateKey();
  options.scanner?.addSecret('unsealer fuzz key', key);
  const seeds = loadSeeds(options.vectorsDir, key);
  const unsealer = createUnsealer({ keys: [key, FINGERPRINT_TEST_KEY] });
  // Without the key, an attacker can only ever get back an event that was genuinely sealed.
  const genuineEvents = new Set(seeds.flatMap((seed) => (seed.event ? [JSON.stringify(seed.event)] : [])));
  const stats = newStats();
  for (let i = 0; i < options.inputs; i++) {
    const seed = random.pick(seeds);
    // One input in 50 is key-holder-side: those reach the inflate and JSON stages.
    const keyHolder = random.int(50) === 0;
    const input = keyHolder ? mutatePlaintext(random, seed, key) : mutateSealed(random, seed, random.pick(seeds));
    const started = performance.now();
    try {
      const anyFormat = i % 2 === 1;
      const opened = anyFormat
        ? await unsealer.unsealAnyFormat(input)
        : { format: 'v4', event: await unsealer.unseal(input) };
      const { event } = opened;
      const outcome = opened.format === 'v3' ? 'accepted v3' : 'accepted';
      stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
      // A mutation can leave a genuine result intact (padding dropped, bytes instead of text): that
      // event is accepted, and it is one that was sealed. Anything else would be a forgery.
      if (!keyHolder && !genuineEvents.has(JSON.stringify(event))) {
        stats.wrongAcceptances++;
        if (stats.failures.length < 5) stats.failures.push(`wrong acceptance, seed ${options.seed}, input ${i}`);
      }
    } catch (error) {
      if (isFingerprintGuardError(error)) {
        stats.outcomes[error.code] = (stats.outcomes[error.code] ?? 0) + 1;
        if (i % 97 === 0) options.scanner?.scan('unseal error', error);
      } else {
        stats.crashes++;
        if (stats.failures.length < 5)
          stats.failures.push(`crash at input ${i} (seed ${options.seed}): ${String(error)}`);
      }
    }
    stats.maxMillis = Math.max(stats.maxMillis, performance.now() - started);
    stats.inputs++;
    if (i % YIELD_EVERY === 0) await nextTurn();
  }
  stats.rssEndMb = rssMb();
  return stats;
}
