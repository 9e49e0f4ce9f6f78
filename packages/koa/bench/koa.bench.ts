// Koa 3: hello-world vs the same app behind fingerprintGuard, in one run. Writes bench/RESULTS.md.
import { measure, writeResults } from '@fingerprint-guard/bench-harness';

const server = new URL('./server.ts', import.meta.url);
const hello = await measure(server, 'hello', 'Koa 3 hello-world (same header, not read)');
const guard = await measure(server, 'guard', 'Koa 3 + fingerprintGuard (memory store)');
const floor = await measure(server, 'floor', 'Koa 3 + bare sync unseal + Map, no checks (floor)');

console.log(
  writeResults(
    new URL('./RESULTS.md', import.meta.url),
    'Koa adapter benchmark',
    [hello, guard, floor],
    [
      'Target (issue #6): guard ≥ 0.75× hello-world, measured as for Express.',
      '',
      'Koa answers hello-world in about a third of the time Express takes, so the unseal itself',
      '(decrypt, inflate, parse: tens of µs) weighs far more here. The floor row, the least any',
      'unsealing server does with no checks at all, bounds what any guard can reach on this machine.',
    ],
  ),
);
