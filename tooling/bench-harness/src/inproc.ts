// Every adapter's guard against the bare unseal in the same framework, without TCP (issue 30): each
// variant of the adapter's bench app in a process of its own, driven in-process (inproc-child.ts),
// taking turns in short rounds of the same number of requests (order reversed every other round, so
// floor-mw and the guard always run next to each other). With no sockets, no load generator on the
// same cores and no kernel in the path, what is left is the framework's and the guard's own CPU per
// request. Two figures for the guard's cost above floor-mw: the median of the differences of rounds
// run one after the other (a shared machine's speed changes over tens of milliseconds, and pairs
// cancel most of it), and the difference of each variant's fastest tenth of rounds (noise only adds).
// Writes a section of each adapter's bench/RESULTS.md and results/in-process.json, and prints the
// README's table.
// Usage: pnpm --filter @fingerprint-guard/bench-harness bench:inproc
//   (ROUNDS, REQUESTS, ADAPTERS=express,koa; VARIANTS=core-guard,floor-mw,guard for others of an app)
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chosenAdapters, packagesDir, VARIANTS } from './adapters.js';
import { sealedKey } from './http-bench.js';
import type { InprocAnswer, InprocAsk } from './inproc-child.js';
import { fmt, fmtSpread, machineLine, type Spread, spread, writeSection } from './report.js';

const ROUNDS = Number(process.env.ROUNDS ?? 301);
const REQUESTS = Number(process.env.REQUESTS ?? 100);
const WARMUP = 3_000;
// VARIANTS=a,b,…: others of the adapter's bench app; the last two are compared as floor and guard.
const NAMES: readonly string[] = process.env.VARIANTS?.split(',') ?? VARIANTS;

interface InprocRun {
  /** CPU µs per request of each variant, one figure per round. */
  cpu: Record<string, number[]>;
  failed: Record<string, number>;
  loadBefore: number[];
  loadAfter: number[];
}

/** The next message of a child, or an error if it exits first. */
function answer(child: ChildProcess, variant: string): Promise<InprocAnswer> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`bench child for ${variant} exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as InprocAnswer);
    });
  });
}

async function ask(child: ChildProcess, variant: string, message: InprocAsk): Promise<InprocAnswer> {
  const answered = answer(child, variant);
  child.send(message);
  return answered;
}

async function start(packageDir: URL, variant: string): Promise<ChildProcess> {
  const child = fork(
    fileURLToPath(new URL('./inproc-child.ts', import.meta.url)),
    [fileURLToPath(new URL('bench/app.ts', packageDir)), variant, String(WARMUP + ROUNDS * REQUESTS)],
    // From the adapter's package, whose tsconfig tsx follows (NestJS's decorators).
    { cwd: packageDir, execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_SEALED_KEY: sealedKey } },
  );
  // The child says it is ready once its app is built and its sealed results are made.
  await answer(child, variant);
  return child;
}

async function measureAdapter(packageDir: URL, variants: string[]): Promise<InprocRun> {
  const loadBefore = loadavg();
  const children = new Map<string, ChildProcess>();
  const cpu: Record<string, number[]> = {};
  const failed: Record<string, number> = {};
  try {
    for (const variant of variants) {
      const child = await start(packageDir, variant);
      children.set(variant, child);
      cpu[variant] = [];
      failed[variant] = (await ask(child, variant, { requests: WARMUP, warmup: true })).failed;
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
        const answered = await ask(children.get(variant)!, variant, { requests: REQUESTS });
        cpu[variant]!.push(answered.cpuUsPerRequest!);
        failed[variant]! += answered.failed;
      }
    }
  } finally {
    for (const child of children.values()) child.kill();
  }
  return { cpu, failed, loadBefore, loadAfter: loadavg() };
}

/** The value below which a tenth of `values` fall: a round the machine left alone, or nearly. */
function fastestTenth(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 10)]!;
}

/** floor-mw ÷ guard by CPU (≥ 1: at or under the floor) and the guard's CPU above floor-mw. */
function against(floorMw: number, above: number) {
  return { ratio: floorMw / (floorMw + above), above };
}

function section(name: string, run: InprocRun, variants: string[]) {
  const cpu = Object.fromEntries(variants.map((v) => [v, spread(run.cpu[v]!)]));
  const [floorMw, guard] = [run.cpu[variants.at(-2)!]!, run.cpu[variants.at(-1)!]!];
  // The guard's CPU above floor-mw in rounds run one after the other, and between the fastest rounds of each.
  const paired = against(cpu[variants.at(-2)!]!.median, spread(guard.map((us, round) => us - floorMw[round]!)).median);
  const fastest = against(fastestTenth(floorMw), fastestTenth(guard) - fastestTenth(floorMw));
  const text = [
    `## Guard against the floor, in process (${name})`,
    '',
    machineLine(run.loadBefore, run.loadAfter),
    'Each variant in a process of its own, driven without TCP (real IncomingMessage and ServerResponse on a socket that discards',
    `what it is written), one request at a time, each with its own sealed result; ${fmt(WARMUP)} warm-up requests, then ${ROUNDS} rounds`,
    `of ${fmt(REQUESTS)} taking turns (order reversed every other round). CPU is the process's own user + system time, per request.`,
    'Reproduce: `pnpm --filter @fingerprint-guard/bench-harness bench:inproc`.',
    '',
    '| variant | CPU µs/request: median (fastest–slowest round) | fastest tenth of rounds | non-2xx |',
    '|---|---:|---:|---:|',
    ...variants.map(
      (v, i) => `| ${NAMES[i]} | ${fmtSpread(cpu[v]!, 1)} | ${fmt(fastestTenth(run.cpu[v]!), 1)} | ${run.failed[v]} |`,
    ),
    '',
    `The guard's CPU above floor-mw: ${fmt(paired.above, 1)} µs per request (${paired.ratio.toFixed(2)}×), the median of the differences`,
    `of rounds run one after the other; ${fmt(fastest.above, 1)} µs (${fastest.ratio.toFixed(2)}×) between the fastest tenths of each.`,
    'A busy machine only ever adds time, and more to the variant doing more: the fastest rounds are the nearest to the',
    "code's own cost, the paired median is what a shared machine gives.",
  ].join('\n');
  return { text, paired, fastest };
}

const results: Record<
  string,
  {
    cpuUsPerRequest: Record<string, Spread>;
    guardAboveFloorMwUs: { paired: number; fastestTenths: number };
    failed: Record<string, number>;
  }
> = {};
const table = [
  '| adapter | guard − floor-mw, CPU µs per request (paired median) | floor-mw ÷ guard | (fastest tenths) | |',
  '|---|---:|---:|---:|---:|',
];
for (const adapter of chosenAdapters()) {
  console.error(`${adapter.name}…`);
  const variants = NAMES.map((v) => `${adapter.prefix}${v}`);
  const run = await measureAdapter(new URL(`${adapter.id}/`, packagesDir), variants);
  const { text, paired, fastest } = section(adapter.name, run, variants);
  results[adapter.id] = {
    cpuUsPerRequest: Object.fromEntries(variants.map((v) => [v, spread(run.cpu[v]!)])),
    guardAboveFloorMwUs: { paired: paired.above, fastestTenths: fastest.above },
    failed: run.failed,
  };
  writeSection(new URL(`${adapter.id}/bench/RESULTS.md`, packagesDir), 'in-process', text);
  table.push(
    `| ${adapter.name} | ${fmt(paired.above, 1)} | ${paired.ratio.toFixed(2)}× | ${fmt(fastest.above, 1)} | ${fastest.ratio.toFixed(2)}× |`,
  );
  console.error(table.at(-1));
}
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/in-process.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(table.join('\n'));
