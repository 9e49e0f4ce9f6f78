// Express 5: hello-world vs the same route behind fingerprintGuard vs a hand-written peer
// (official SDK unseal + a Map) vs a no-checks floor, in one run. Writes bench/RESULTS.md.
import { measure, writeResults } from '@fingerprint-guard/bench-harness';

const server = new URL('./server.ts', import.meta.url);
const hello = await measure(server, 'hello', 'Express 5 hello-world (same header, not read)');
const guard = await measure(server, 'guard', 'Express 5 + fingerprintGuard (memory store)');
const peer = await measure(server, 'peer', 'Express 5 + @fingerprint/node-sdk unseal + Map (hand-written peer)');
const floor = await measure(server, 'floor', 'Express 5 + bare sync unseal + Map, no checks (floor)');

console.log(
  writeResults(
    new URL('./RESULTS.md', import.meta.url),
    'Express adapter benchmark',
    [hello, guard, peer, floor],
    [
      'Targets (issue #3): guard ≥ 0.75× hello-world, ≥ 1.5× the peer.',
      '',
      'The floor row is the least any server that unseals can do (decrypt, inflate, parse, a Map;',
      'no size caps, strict base64, age, rules or error handling): it bounds what any guard can reach',
      "relative to hello-world on this machine. autocannon shares the machine's two cores with the server.",
    ],
    peer,
  ),
);
