// Every adapter's guard against the bare unseal in the same framework, without TCP (issue 30): every
// variant of the adapter's bench app built in each of several processes (inproc-child.ts), driven
// in-process, taking turns in short rounds of the same number of requests (order reversed every other
// round, so floor-mw and the guard always run next to each other, in the same process). With no sockets,
// no load generator on the same cores and no kernel in the path, what is left is the framework's and the
// guard's own CPU per request. Two figures for the guard's cost above floor-mw: the median of the
// differences of rounds run one after the other (a shared machine's speed changes over tens of
// milliseconds, and pairs cancel most of it), and the difference of each variant's fastest tenth of
// rounds (noise only adds). Writes a section of each adapter's bench/RESULTS.md and
// results/in-process.json, and prints the README's table.
// Usage: pnpm --filter @fingerprint-guard/bench-harness bench:inproc
//   (ROUNDS, REQUESTS, PROCESSES, ADAPTERS=express,koa; VARIANTS=core-guard,floor-mw,guard for others of
//   an app, VARIANTS=floor-mw,floor-mw for the method's own noise, CHILD_FLAGS for the children's Node options)
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chosenAdapters } from './adapters.js';
import { sealedKey, sealFresh } from './http-bench.js';
import type { InprocAnswer, InprocAsk } from './inproc-child.js';
import { fmt, fmtSpread, machineLine, type Spread, spread, writeSection } from './report.js';

const ROUNDS = Number(process.env.ROUNDS ?? 301);
const REQUESTS = Number(process.env.REQUESTS ?? 100);
// Processes, taking the rounds in turn, each serving every variant. Processes running the same code
// differ: four floor-mw processes of one Express run had medians of 84–134 µs, more than any effect
// measured here. So variants are compared within a process, never one process against another, and over
// several processes, each one's median reported.
const PROCESSES = Number(process.env.PROCESSES ?? 4);
const WARMUP = 3_000;
// CHILD_FLAGS='--max-semi-space-size=64': Node or V8 options for every child, to test a cause (GC, inlining) in place.
const CHILD_FLAGS = process.env.CHILD_FLAGS?.split(' ').filter(Boolean) ?? [];
// VARIANTS=a,b,…: others of the adapter's bench app; the last two are compared as floor and guard.
// The same variant twice (floor-mw,floor-mw) measures the method's own noise. By default only the two
// compared: each app in a process leaves the others' code colder, and a server runs one.
const NAMES: readonly string[] = process.env.VARIANTS?.split(',') ?? ['floor-mw', 'guard'];

interface InprocRun {
  /** CPU µs per request of each variant (in NAMES' order), one figure per round. */
  cpu: number[][];
  failed: number[];
  loadBefore: number[];
  loadAfter: number[];
}

/** The next message of a child, or an error if it exits first. */
function answer(child: ChildProcess): Promise<InprocAnswer> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`bench child exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as InprocAnswer);
    });
  });
}

/** Has `child` answer `requests` requests with its `variant`-th server, each with a sealed result made here and never sent before. */
async function ask(child: ChildProcess, variant: number, requests: number, warmup = false): Promise<InprocAnswer> {
  const sealed = Array.from({ length: requests }, sealFresh);
  const answered = answer(child);
  child.send({ variant, sealed, warmup } satisfies InprocAsk);
  return answered;
}

/** A process serving every one of `variants`, each warmed up in turn; `failed` counts each one's warm-up non-2xx answers. */
async function start(benchDir: URL, variants: string[]): Promise<{ child: ChildProcess; failed: number[] }> {
  const child = fork(
    fileURLToPath(new URL('./inproc-child.ts', import.meta.url)),
    [fileURLToPath(new URL('bench/app.ts', benchDir)), variants.join(',')],
    // From the app's folder, whose tsconfig tsx follows (NestJS's decorators).
    {
      cwd: benchDir,
      execArgv: ['--import', 'tsx', ...CHILD_FLAGS],
      env: { ...process.env, BENCH_SEALED_KEY: sealedKey },
    },
  );
  // The child says it is ready once its apps are built.
  await answer(child);
  const failed = variants.map(() => 0);
  for (let done = 0; done < WARMUP; done += 500) {
    for (const i of variants.keys()) failed[i]! += (await ask(child, i, Math.min(500, WARMUP - done), true)).failed;
  }
  return { child, failed };
}

async function measureAdapter(benchDir: URL, variants: string[]): Promise<InprocRun> {
  const loadBefore = loadavg();
  const processes: ChildProcess[] = [];
  const cpu: number[][] = variants.map(() => []);
  const failed: number[] = variants.map(() => 0);
  try {
    for (let p = 0; p < PROCESSES; p++) {
      const { child, failed: warmupFailed } = await start(benchDir, variants);
      processes.push(child);
      for (const i of variants.keys()) failed[i]! += warmupFailed[i]!;
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...variants.keys()];
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const answered = await ask(processes[round % PROCESSES]!, i, REQUESTS);
        cpu[i]!.push(answered.cpuUsPerRequest!);
        failed[i]! += answered.failed;
      }
    }
  } finally {
    for (const child of processes) child.kill();
  }
  return { cpu, failed, loadBefore, loadAfter: loadavg() };
}

/** The value below which a tenth of `values` fall: a round the machine left alone, or nearly. */
function fastestTenth(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 10)]!;
}

/** The median of each process's rounds (round r went to process r % PROCESSES). */
function processMedians(rounds: number[]): number[] {
  return Array.from({ length: PROCESSES }, (_, p) => spread(rounds.filter((_, r) => r % PROCESSES === p)).median);
}

/** How much more CPU `upper` took than `lower`: the median of the differences of their rounds, run one after the other in one process. */
function pairedAbove(lower: number[], upper: number[]): number {
  return spread(upper.map((us, round) => us - lower[round]!)).median;
}

/** floor-mw ÷ guard by CPU (≥ 1: at or under the floor) and the guard's CPU above floor-mw. */
function against(floorMw: number, above: number) {
  return { ratio: floorMw / (floorMw + above), above };
}

/** Each variant's name in the tables; the second of the same name is told apart. */
const LABELS = NAMES.map((name, i) => (NAMES.indexOf(name) === i ? name : `${name} (again)`));

function section(name: string, run: InprocRun) {
  const cpu = run.cpu.map((rounds) => spread(rounds));
  const [floorMw, guard] = [run.cpu.at(-2)!, run.cpu.at(-1)!];
  // The guard's CPU above floor-mw in rounds run one after the other, and between the fastest rounds of each.
  const paired = against(cpu.at(-2)!.median, pairedAbove(floorMw, guard));
  const fastest = against(fastestTenth(floorMw), fastestTenth(guard) - fastestTenth(floorMw));
  const text = [
    `## Guard against the floor, in process (${name})`,
    '',
    machineLine(run.loadBefore, run.loadAfter),
    `${PROCESSES} processes, each serving every variant (an app of its own per variant), taking the rounds in turn; driven without`,
    'TCP (real IncomingMessage and ServerResponse on a socket that discards what it is written), one request at a time, each with',
    `its own sealed result made by the parent; ${fmt(WARMUP)} warm-up requests per variant and process, then ${ROUNDS} rounds of`,
    `${fmt(REQUESTS)} per variant taking turns in the round's process (order reversed every other round). CPU is the process's own`,
    'user + system time, per request.',
    'Reproduce: `pnpm --filter @fingerprint-guard/bench-harness bench:inproc`.',
    '',
    '| variant | CPU µs/request: median (fastest–slowest round) | above the row before (paired median) | fastest tenth of rounds | median of each process | non-2xx |',
    '|---|---:|---:|---:|---:|---:|',
    ...LABELS.map(
      (label, i) =>
        `| ${label} | ${fmtSpread(cpu[i]!, 1)} | ${i === 0 ? '' : fmt(pairedAbove(run.cpu[i - 1]!, run.cpu[i]!), 1)} | ${fmt(fastestTenth(run.cpu[i]!), 1)} | ${processMedians(
          run.cpu[i]!,
        )
          .map((us) => fmt(us, 1))
          .join(', ')} | ${run.failed[i]} |`,
    ),
    '',
    `The guard's CPU above floor-mw: ${fmt(paired.above, 1)} µs per request (${paired.ratio.toFixed(2)}×), the median of the differences`,
    `of rounds run one after the other; ${fmt(fastest.above, 1)} µs (${fastest.ratio.toFixed(2)}×) between the fastest tenths of each.`,
    'A busy machine only ever adds time, and more to the variant doing more: the fastest rounds are the nearest to the',
    "code's own cost, the paired median is what a shared machine gives. Processes running the same code differ by more",
    "than these differences (each process's median above), which is why variants are compared within a process.",
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
  const run = await measureAdapter(adapter.dir, variants);
  const { text, paired, fastest } = section(adapter.name, run);
  results[adapter.id] = {
    cpuUsPerRequest: Object.fromEntries(LABELS.map((label, i) => [label, spread(run.cpu[i]!)])),
    guardAboveFloorMwUs: { paired: paired.above, fastestTenths: fastest.above },
    failed: Object.fromEntries(LABELS.map((label, i) => [label, run.failed[i]!])),
  };
  writeSection(new URL('bench/RESULTS.md', adapter.dir), 'in-process', text);
  table.push(
    `| ${adapter.name} | ${fmt(paired.above, 1)} | ${paired.ratio.toFixed(2)}× | ${fmt(fastest.above, 1)} | ${fastest.ratio.toFixed(2)}× |`,
  );
  console.error(table.at(-1));
}
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/in-process.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(table.join('\n'));
