// NestJS 11, on Express and on Fastify: hello-world vs the same route behind FingerprintGuard vs
// a no-checks floor, one table per platform, in one run. Writes bench/RESULTS.md.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measure, writeResults, type BenchRow } from '@fingerprint-guard/bench-harness';

const server = new URL('./server.ts', import.meta.url);
const results = new URL('./RESULTS.md', import.meta.url);
const rows: Record<string, BenchRow[]> = {};
const loadBefore = loadavg()[0]!;
for (const [platform, label] of [
  ['express', 'Express'],
  ['fastify', 'Fastify'],
] as const) {
  rows[platform] = [
    await measure(server, `${platform}-hello`, `NestJS 11 on ${label}, hello-world (same header, not read)`),
    await measure(server, `${platform}-guard`, `NestJS 11 on ${label} + FingerprintGuard (memory store)`),
    await measure(server, `${platform}-floor`, `NestJS 11 on ${label} + bare sync unseal + Map, no checks (floor)`),
  ];
}

const notes = [
  'Target (as for Express, issue #3): guard ≥ 0.75× hello-world. Each table compares with its own',
  "platform's hello-world. The floor row is the least any server that unseals can do (decrypt, inflate,",
  'parse, a Map; no size caps, strict base64, age, rules or error handling): it bounds what any guard can',
  "reach relative to hello-world on this machine. autocannon shares the machine's two cores with the server.",
  `The machine's 1-minute load average was ${loadBefore.toFixed(1)} before the run and ${loadavg()[0]!.toFixed(1)} after it (other work shares it).`,
];
writeResults(results, 'NestJS adapter benchmark', rows.express!, ['## Fastify platform', '']);
// The Fastify table, with its own baseline, appended below the Express one.
const scratch = join(tmpdir(), `nestjs-bench-${process.pid}.md`);
writeResults(pathToFileURL(scratch), 'unused', rows.fastify!, notes);
const fastify = readFileSync(scratch, 'utf8').split('\n');
rmSync(scratch);
const tableStart = fastify.findIndex((line) => line.startsWith('| server'));
writeFileSync(
  results,
  readFileSync(results, 'utf8').replace('| server', '## Express platform\n\n| server') +
    fastify.slice(tableStart).join('\n'),
);
console.log(readFileSync(results, 'utf8'));
