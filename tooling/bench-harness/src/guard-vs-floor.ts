// Every adapter's guard against the bare unseal in the same framework, in one run (issue 30):
// hello, floor (the unseal in the handler), floor-mw (the unseal where the guard runs) and the
// guard, in interleaved rounds with the server's CPU per request. Writes a section of each adapter's
// bench/RESULTS.md and results/guard-vs-floor.json, and prints the README's table.
// Usage: pnpm --filter @fingerprint-guard/bench-harness bench:floor   (ROUNDS, REQUESTS, ADAPTERS=express,koa)
import { mkdirSync, writeFileSync } from 'node:fs';
import { chosenAdapters, VARIANTS } from './adapters.js';
import { measureInterleaved, type InterleavedRun } from './interleaved.js';
import { fmt, machineLine, writeSection } from './report.js';

const options = {
  rounds: Number(process.env.ROUNDS ?? 7),
  requests: Number(process.env.REQUESTS ?? 10_000),
  warmup: 1_500,
};

/** guard ÷ floor by req/s and floor ÷ guard by CPU (both ≥ 1 is better than the floor), and the CPU above it. */
function against(run: InterleavedRun, floor: string) {
  const guard = run.variants.guard!;
  const base = run.variants[floor]!;
  return {
    rps: guard.rps.median / base.rps.median,
    cpu: base.cpuUsPerRequest.median / guard.cpuUsPerRequest.median,
    aboveUs: guard.cpuUsPerRequest.median - base.cpuUsPerRequest.median,
  };
}

function section(name: string, run: InterleavedRun): string {
  const rows = VARIANTS.map((variant) => {
    const v = run.variants[`${variant}`]!;
    return `| ${variant} | ${fmt(v.rps.median)} (${fmt(v.rps.min)}–${fmt(v.rps.max)}) | ${fmt(v.cpuUsPerRequest.median, 1)} (${fmt(v.cpuUsPerRequest.min, 1)}–${fmt(v.cpuUsPerRequest.max, 1)}) | ${v.failed} |`;
  });
  const mw = against(run, 'floor-mw');
  const handler = against(run, 'floor');
  return [
    `## Guard against the floor, interleaved (${name})`,
    '',
    machineLine(run.loadBefore, run.loadAfter),
    `${run.rounds} rounds, each starting every variant in a new process in turn (order reversed every other round), ${fmt(run.requests)} measured requests each`,
    `over ${run.connections} keep-alive connections, each with its own sealed result; medians with min–max. Server CPU is the server process's own`,
    'utime + stime. `floor`: bare decrypt + inflate + parse + a Map in the handler; `floor-mw`: the same where the guard runs.',
    'Reproduce: `pnpm --filter @fingerprint-guard/bench-harness bench:floor`.',
    '',
    '| variant | req/s | server CPU µs/request | non-2xx |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `Guard ÷ floor-mw: ${mw.rps.toFixed(2)}× by req/s, ${mw.cpu.toFixed(2)}× by CPU per request; the guard's CPU above it ${mw.aboveUs.toFixed(1)} µs.`,
    `Guard ÷ floor: ${handler.rps.toFixed(2)}× by req/s, ${handler.cpu.toFixed(2)}× by CPU per request; ${handler.aboveUs.toFixed(1)} µs above it.`,
  ].join('\n');
}

const results: Record<string, InterleavedRun> = {};
const table = [
  '| adapter | guard ÷ floor-mw (req/s) | (CPU) | guard − floor-mw, CPU µs | guard ÷ floor (req/s) | (CPU) |',
  '|---|---:|---:|---:|---:|---:|',
];
for (const adapter of chosenAdapters().filter((a) => a.overHttp)) {
  const server = new URL('bench/server.ts', adapter.dir);
  console.error(`${adapter.name}…`);
  const raw = await measureInterleaved(
    server,
    VARIANTS.map((v) => `${adapter.prefix}${v}`),
    options,
  );
  // The NestJS server names variants with its platform; the tables use the bare names.
  const run = {
    ...raw,
    variants: Object.fromEntries(Object.entries(raw.variants).map(([k, v]) => [k.slice(adapter.prefix.length), v])),
  };
  results[adapter.id] = run;
  writeSection(new URL('bench/RESULTS.md', adapter.dir), 'guard-vs-floor', section(adapter.name, run));
  const mw = against(run, 'floor-mw');
  const handler = against(run, 'floor');
  table.push(
    `| ${adapter.name} | ${mw.rps.toFixed(2)}× | ${mw.cpu.toFixed(2)}× | ${mw.aboveUs.toFixed(1)} | ${handler.rps.toFixed(2)}× | ${handler.cpu.toFixed(2)}× |`,
  );
  console.error(table.at(-1));
}
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/guard-vs-floor.json', import.meta.url), `${JSON.stringify(results, null, 1)}\n`);
console.log(table.join('\n'));
