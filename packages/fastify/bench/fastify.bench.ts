// Fastify 5: hello-world vs the same route behind fingerprintGuard vs a no-checks floor, in one run. Writes bench/RESULTS.md.
import { loadavg } from 'node:os';
import { measure, writeResults } from '@fingerprint-guard/bench-harness';

// The machine may be shared: its load when the run started goes into the notes.
const load = loadavg()
  .map((value) => value.toFixed(1))
  .join(', ');

const server = new URL('./server.ts', import.meta.url);
const hello = await measure(server, 'hello', 'Fastify 5 hello-world (same header, not read)');
const guard = await measure(server, 'guard', 'Fastify 5 + fingerprintGuard preHandler (memory store)');
const floor = await measure(server, 'floor', 'Fastify 5 + bare sync unseal + Map, no checks (floor)');

console.log(
  writeResults(
    new URL('./RESULTS.md', import.meta.url),
    'Fastify adapter benchmark',
    [hello, guard, floor],
    [
      'Target, as for the other adapters: guard ≥ 0.75× hello-world.',
      '',
      'Fastify answers hello-world far faster than Express, so the unseal itself (decrypt, inflate,',
      'parse: tens of µs) weighs more here. The floor row, the least any unsealing server does with',
      'no checks at all, bounds what any guard can reach on this machine. autocannon shares the',
      "machine's two cores with the server.",
      `Load average (1, 5, 15 min) when the run started: ${load}.`,
      'On a shared machine rows move by a quarter between runs (the floor measured 5.0k to 9.4k req/s',
      'in five runs on 2026-11-23): compare rows of one run, and guard and floor within that as equal.',
    ],
  ),
);
