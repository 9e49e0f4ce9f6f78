// The long reliability runs; writes RELIABILITY.md at the repository root from what they measured.
// `pnpm reliability` (defaults: 10M fuzzed sealed results, 1M guard inputs, 5-minute soaks, then the attack sections).
// Smaller runs: FUZZ_INPUTS=100000 GUARD_FUZZ_INPUTS=20000 SOAK_SECONDS=30 pnpm reliability
// Only the attack sections (a few minutes; rewrites only their part of the file, between the
// `reliability:attacks` markers): RELIABILITY_SECTIONS=attacks pnpm reliability
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FAULT_SECRETS, runFaults } from '../src/faults.js';
import { fuzzUnsealer } from '../src/fuzz.js';
import { fuzzGuardExtraction } from '../src/fuzz-guard.js';
import { FINGERPRINT_TEST_KEY } from '../src/fuzz-inputs.js';
import type { FuzzStats } from '../src/fuzz-stats.js';
import { runHostile } from '../src/hostile.js';
import { createSecretScanner } from '../src/secrets.js';
import { EXAMPLE_DEV_KEY, runSoak, type SoakReport } from '../src/soak.js';
import { ATTACK_SIZES, attackFailures, attacksMarkdown, runAttacks, spliceAttacks } from './attacks.js';

const env = process.env;
const SECTIONS = env.RELIABILITY_SECTIONS ?? 'all';
if (SECTIONS !== 'all' && SECTIONS !== 'attacks')
  throw new Error(`RELIABILITY_SECTIONS must be 'all' (the default) or 'attacks', not '${SECTIONS}'.`);
const FUZZ_INPUTS = Number(env.FUZZ_INPUTS ?? 10_000_000);
const GUARD_FUZZ_INPUTS = Number(env.GUARD_FUZZ_INPUTS ?? 1_000_000);
const SOAK_SECONDS = Number(env.SOAK_SECONDS ?? 300);
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SIZES = Object.fromEntries(
  Object.entries(ATTACK_SIZES).map(([name, value]) => [name, Number(env[name] ?? value)]),
) as Record<keyof typeof ATTACK_SIZES, number>;
/** The command that reproduces this run, with the sizes it was given. */
const COMMAND = [
  ...[
    'RELIABILITY_SECTIONS',
    ...(SECTIONS === 'all' ? ['FUZZ_INPUTS', 'GUARD_FUZZ_INPUTS', 'SOAK_SECONDS'] : []),
    ...Object.keys(ATTACK_SIZES),
  ]
    .filter((name) => env[name])
    .map((name) => `${name}=${env[name]}`),
  'pnpm reliability',
].join(' ');
const FILE = new URL('../../../RELIABILITY.md', import.meta.url);
/** The header says which command wrote what: the attack part names its own command. */
const THIS_FILE = '(this file is its output)';
const THIS_FILE_NOW =
  '(this file is its output, but for the part between the `reliability:attacks` markers at the end, which names the command that last wrote it)';
const VECTORS = fileURLToPath(new URL('../../../../shared/vectors/fingerprint', import.meta.url));
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const timed = async <T>(label: string, run: () => Promise<T>): Promise<[T, number]> => {
  log(`${label}…`);
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  log(`${label}: done in ${seconds.toFixed(0)} s`);
  return [result, seconds];
};

const older = SECTIONS === 'all' ? await olderSections() : undefined;
const [attacks] = await timed('attack sections', () => runAttacks(SIZES, log, REDIS_URL));
const block = attacksMarkdown(attacks, COMMAND, SIZES);
const markdown = older
  ? `${older.markdown}\n${block}`
  : spliceAttacks(readFileSync(FILE, 'utf8').replace(THIS_FILE, THIS_FILE_NOW), block);
writeFileSync(FILE, markdown);
log(`wrote RELIABILITY.md${older ? '' : ' (the attack sections only)'}`);
const failed = (older?.failed ?? 0) + attackFailures(attacks);
if (failed) log(`${failed} broken invariants: see RELIABILITY.md`);
process.exitCode = failed === 0 ? 0 : 1;

/** Fuzzing, hostile HTTP, provider faults, soaks and their secret scan: the file up to the attack part. */
async function olderSections(): Promise<{ markdown: string; failed: number }> {
  const scanner = createSecretScanner({
    fingerprintTestKey: FINGERPRINT_TEST_KEY,
    exampleKey: EXAMPLE_DEV_KEY,
    ...FAULT_SECRETS,
  });
  const [unsealer, unsealerSeconds] = await timed(`fuzzing the unsealer (${FUZZ_INPUTS} inputs)`, () =>
    fuzzUnsealer({ inputs: FUZZ_INPUTS, seed: 20261122, vectorsDir: VECTORS, scanner }),
  );
  const [guard, guardSeconds] = await timed(`fuzzing credential extraction (${GUARD_FUZZ_INPUTS} inputs)`, () =>
    fuzzGuardExtraction({ inputs: GUARD_FUZZ_INPUTS, seed: 20261122, scanner }),
  );
  const [hostile] = await timed('hostile HTTP', () => runHostile(scanner));
  const [faults] = await timed('provider faults', () => runFaults(scanner));
  const [soakMemory] = await timed(`soak, memory store (${SOAK_SECONDS} s)`, () =>
    runSoak({ seconds: SOAK_SECONDS, store: 'memory', scanner }),
  );
  const [soakRedis] = await timed(`soak, Redis store (${SOAK_SECONDS} s)`, () =>
    runSoak({ seconds: SOAK_SECONDS, store: 'redis', redisUrl: REDIS_URL, scanner }),
  );

  const n = (value: number) => value.toLocaleString('en-US');
  const outcomes = (stats: FuzzStats) =>
    Object.entries(stats.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${code} ${n(count)}`)
      .join(', ');
  const soakRow = (report: SoakReport) => {
    const [first, last] = [report.memory[0]!, report.memory.at(-1)!];
    return `| ${report.store} | ${report.seconds} s | ${n(report.requests)} | ${report.replaysAccepted} | ${report.unexpected} | ${first.rssMb} → ${last.rssMb} MB | ${report.latencyMs.p50} / ${report.latencyMs.p95} / ${report.latencyMs.p99} / ${report.latencyMs.max} ms |`;
  };
  /** RSS and heap change over the second half of a soak, once the memory store's window is full. */
  const secondHalf = (report: SoakReport) => {
    const middle = report.memory.find((sample) => sample.second >= report.seconds / 2)!;
    const last = report.memory.at(-1)!;
    const signed = (value: number) => `${value >= 0 ? '+' : ''}${value}`;
    return `RSS ${signed(last.rssMb - middle.rssMb)} MB, live heap ${signed(last.liveHeapMb - middle.liveHeapMb)} MB`;
  };
  const memoryTable = (memory: SoakReport, redis: SoakReport) =>
    memory.memory
      .map((sample, index) => {
        const other = redis.memory[index];
        return `| ${sample.second} s | ${sample.rssMb} | ${sample.liveHeapMb} | ${n(sample.storeKeys ?? 0)} | ${n(sample.liveAccepted)} | ${other ? `${other.rssMb} | ${other.liveHeapMb}` : '– | –'} |`;
      })
      .join('\n');
  const peakKeys = (report: SoakReport) => Math.max(...report.memory.map((sample) => sample.storeKeys ?? 0));
  /** The most keys the memory store held beyond the accepted events still inside their window. */
  const keysBeyondWindow = (report: SoakReport) =>
    Math.max(...report.memory.map((sample) => (sample.storeKeys ?? 0) - sample.liveAccepted));

  const markdown = `# Reliability and security evidence

Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores),
by \`${COMMAND}\` ${THIS_FILE_NOW}. The bounded versions run in CI on every change
(\`tooling/reliability/test/reliability.test.ts\`: 100,000 + 20,000 fuzzed inputs, the same hostile
and fault runs, 30-second soaks), and assert every zero below.

| evidence | figure |
|---|---|
| sealed results fuzzed | ${n(unsealer.inputs)} in ${unsealerSeconds.toFixed(0)} s |
| request shapes fuzzed through the guard's credential extraction | ${n(guard.inputs)} in ${guardSeconds.toFixed(0)} s |
| crashes (anything but a FingerprintGuardError escaping) | ${unsealer.crashes + guard.crashes} |
| wrong acceptances (a forged event, or a credential that was not genuine) | ${unsealer.wrongAcceptances + guard.wrongAcceptances} |
| slowest single input | ${unsealer.maxMillis.toFixed(1)} ms (unsealer), ${guard.maxMillis.toFixed(1)} ms (guard) |
| hostile HTTP requests | ${hostile.outcomes.length} (15 kinds × Express, Koa, Next, NestJS on Express and on Fastify, Fastify, Hono), ${hostile.outcomes.length - hostile.not4xx.length} answered 4xx, ${hostile.reachedHandler} reached a handler |
| provider fault scenarios | ${faults.length}, ${faults.filter((f) => f.unexpected === 0).length} with only the expected typed outcome within the deadline |
| soak | ${SOAK_SECONDS} s per store, ${n(soakMemory.requests + soakRedis.requests)} requests, ${soakMemory.replaysAccepted + soakRedis.replaysAccepted} replays accepted |
| secret scan | ${n(scanner.result.scanned)} bodies, log lines and errors scanned, **${scanner.result.hits.length} hits** |

## Fuzzing

A seeded mutation fuzzer (\`tooling/reliability/src/fuzz.ts\`). Seeds: Fingerprint's official
sealed-result vectors and fresh sealed events. 49 inputs in 50 are what an attacker without the key
can send: bit flips, truncation, extension, crossover of two sealed results, junk characters,
re-encodings, raw bytes, a replaced tag, noise behind a valid header. One in 50 is sealed with the
key over a hostile plaintext (corrupt deflate, no deflate, truncated or deeply nested JSON,
prototype keys, wrong field types, a v3 payload, 1–4 MiB decompression bombs), to reach the
inflate, JSON and shape stages. Invariants: only a \`FingerprintGuardError\` escapes; an event
accepted from an attacker-side input is one that was genuinely sealed; no input takes a second.

- Unsealer, ${n(unsealer.inputs)} inputs: ${outcomes(unsealer)}. RSS ${unsealer.rssStartMb} → ${unsealer.rssEndMb} MB.
- Guard extraction, ${n(guard.inputs)} request shapes (headers of every type, duplicated and oversized values, arrays, numbers, nested objects, \`__proto__\` and inherited fields, streams): ${outcomes(guard)}. Only genuine sealed results, presented as one string, were accepted.

## Hostile HTTP

Raw requests over a socket to a guarded route of each adapter (\`src/hostile.ts\`); the server sets
\`requestTimeout\` 1.5 s (checked every 0.5 s), as a production server should.

| request | Express 5 | Koa 3 | Next route handler |
|---|---|---|---|
${[...new Set(hostile.outcomes.map((o) => o.request))]
  .map((request) => {
    const cell = (adapter: string) => {
      const o = hostile.outcomes.find((x) => x.request === request && x.adapter === adapter)!;
      return `${o.status} ${o.answeredBy}`;
    };
    return `| ${request} | ${cell('express 5')} | ${cell('koa 3')} | ${cell('next route handler')} |`;
  })
  .join('\n')}

After each barrage a genuine request was served: ${Object.entries(hostile.healthyAfter)
    .map(([a, ok]) => `${a} ${ok ? 'healthy' : 'NOT healthy'}`)
    .join(', ')}.
Requests answered by Node's HTTP parser (431, 400), by the body parser (413, invalid JSON) or by
Node's \`requestTimeout\` (408) never reach the guard; everything else carries the guard's code.

## Provider faults

Fake cside and Server API servers (\`src/faults.ts\`), each guarded request with a 200 ms attempt
time-out, 3 attempts and a 1 s \`maxWait\`; 12 requests per scenario.

| provider | fault | outcomes | slowest |
|---|---|---|---|
${faults
  .map(
    (f) =>
      `| ${f.provider} | ${f.fault} | ${Object.entries(f.outcomes)
        .map(([c, k]) => `${c} ${k}`)
        .join(', ')} | ${Math.round(f.maxMillis)} ms |`,
  )
  .join('\n')}

Redis killed, frozen (SIGSTOP) and restarted under load is tested in CI by
\`packages/redis/test/outage.test.ts\`: every request in the outage gets 503
\`REPLAY_STORE_UNAVAILABLE\` within the store time-out, no replay is accepted, and requests succeed
again once Redis is back, without restarting the app.

## Soak

The Express example (\`examples/express\`), in process, 16 concurrent clients: half fresh
identifications, a quarter replays of accepted ones, an eighth stale, an eighth tampered.

| store | duration | requests | replays accepted | unexpected answers | RSS start → end | latency p50 / p95 / p99 / max |
|---|---|---|---|---|---|---|
${soakRow(soakMemory)}
${soakRow(soakRedis)}

The soak builds its stores with \`window: '130s'\`, the example's guards' \`maxAge\` (2 minutes) +
\`clockSkew\` (10 s) (the example itself keeps the default 15 minutes). A claim lasts the event's
timestamp + the store's window, so the memory store fills for 130 s and then holds only the events
accepted in the last 130 s: it follows the load, not the run's length. At every sample it held at most
${n(keysBeyondWindow(soakMemory))} keys beyond the accepted events still inside their window (the "live accepted" column;
expired keys are dropped as new ones arrive). Its peak was ${n(peakKeys(soakMemory))} keys, against a default
\`maxEntries\` of 100,000: size it at peak identifications per second × the store's window
(see the core README). Over the second half of each run: memory store ${secondHalf(soakMemory)};
Redis store ${secondHalf(soakRedis)}.
The live heap is read after a full garbage collection at each sample, so GC timing does not move
it; it includes the harness's own last 5,000 accepted sealed results (kept to replay), while
latencies go into a fixed-size histogram. The latency figures include the pause of that collection, every ${soakMemory.memory[1]!.second} s. Both soaks run
in one process after the fuzzing, so the Redis run starts from the memory run's RSS.

| time | memory store: RSS MB | live heap MB | keys held | live accepted | Redis store: RSS MB | live heap MB |
|---|---|---|---|---|---|---|
${memoryTable(soakMemory, soakRedis)}

## Secrets

Every response body, log line and error above was scanned (\`src/secrets.ts\`) for the sealed-result
keys in use (Fingerprint's test key, the example's key, each run's generated keys), the cside API
key and the Server API secret, each as given and as base64, base64url, hex and Latin-1 of its
bytes: ${n(scanner.result.scanned)} scanned, ${scanner.result.hits.length} hits${scanner.result.hits.length ? `: ${scanner.result.hits.slice(0, 10).join('; ')}` : ''}.
`;
  const failed =
    unsealer.crashes +
    guard.crashes +
    unsealer.wrongAcceptances +
    guard.wrongAcceptances +
    hostile.not4xx.length +
    hostile.reachedHandler +
    faults.reduce((sum, f) => sum + f.unexpected, 0) +
    soakMemory.replaysAccepted +
    soakRedis.replaysAccepted +
    soakMemory.unexpected +
    soakRedis.unexpected +
    scanner.result.hits.length;
  return { markdown, failed };
}
