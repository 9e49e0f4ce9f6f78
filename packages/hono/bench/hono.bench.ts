// Hono 4 on @hono/node-server: hello-world vs the same route behind fingerprintGuard vs a no-checks floor, in one run. Writes bench/RESULTS.md.
import { loadavg } from 'node:os';
import { measure, writeResults } from '@fingerprint-guard/bench-harness';

// The machine may be shared: its load when the run started goes into the notes.
const load = loadavg()
  .map((value) => value.toFixed(1))
  .join(', ');

const server = new URL('./server.ts', import.meta.url);
const hello = await measure(server, 'hello', 'Hono 4 (node-server) hello-world (same header, not read)');
const guard = await measure(server, 'guard', 'Hono 4 (node-server) + fingerprintGuard (memory store)');
const floor = await measure(server, 'floor', 'Hono 4 (node-server) + bare sync unseal + Map, no checks (floor)');

console.log(
  writeResults(
    new URL('./RESULTS.md', import.meta.url),
    'Hono adapter benchmark',
    [hello, guard, floor],
    [
      'Target, as for the other adapters: guard ≥ 0.75× hello-world.',
      '',
      'On Node the guard uses core’s Node build (node:crypto, zlib). The floor row, the least any',
      'unsealing server does with no checks at all, bounds what any guard can reach on this machine.',
      "autocannon shares the machine's two cores with the server.",
      `Load average (1, 5, 15 min) when the run started: ${load}.`,
      'On a shared machine rows move by a quarter between runs (the floor measured 5.0k to 9.4k req/s',
      'in five runs on 2026-11-23): compare rows of one run, and guard and floor within that as equal.',
    ],
  ),
);
