// Writes bench/TELEMETRY.md: what observability costs per guarded request. Run with `pnpm bench`.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as api from '@opentelemetry/api';
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  AggregationTemporality,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createFingerprintGuard, type FingerprintGuardOptions } from '../src/index.js';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const key = generateKey();
const samples = Array.from({ length: 64 }, () => ({
  headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) },
}));
let i = 0;
const next = () => samples[i++ & 63]!;
// No replay store: every iteration runs the whole pipeline, and only observability differs.
const base: FingerprintGuardOptions = {
  fingerprint: { keys: [key] },
  replay: false,
  maxAge: '1h',
  logger: { warn() {}, error() {} },
};

const plain = createFingerprintGuard({ ...base, opentelemetry: false });
const apiNoSdk = createFingerprintGuard({ ...base, opentelemetry: api });
const withHook = createFingerprintGuard({ ...base, opentelemetry: false, onDecision: () => {} });

interface Row {
  name: string;
  opsPerSecond: number;
  spread: number;
}

/**
 * Alternates the variants in short rounds (2,000 decisions each, 15 rounds after one warm-up) and
 * keeps each one's median rate: on a shared machine, load that comes and goes hits every variant alike.
 */
async function run(variants: Array<[string, () => Promise<unknown>]>): Promise<Row[]> {
  const rates = variants.map(() => [] as number[]);
  for (let round = 0; round < 16; round++) {
    for (const [index, [, decide]] of variants.entries()) {
      const started = performance.now();
      for (let n = 0; n < 2_000; n++) await decide();
      if (round > 0) rates[index]!.push(2_000 / ((performance.now() - started) / 1000));
    }
  }
  return variants.map(([name], index) => {
    const sorted = rates[index]!.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return { name, opsPerSecond: median, spread: ((sorted.at(-2)! - sorted[1]!) / 2 / median) * 100 };
  });
}

const withoutSdk = await run([
  ['guard, opentelemetry: false', () => plain.decide(next())],
  ['guard, @opentelemetry/api, no SDK registered', () => apiNoSdk.decide(next())],
  ['guard, onDecision: () => {}', () => withHook.decide(next())],
]);

// The SDK registered globally, spans and metrics kept in memory: what a traced deployment pays.
api.context.setGlobalContextManager(new AsyncHooksContextManager().enable());
const spans = new InMemorySpanExporter();
api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
api.metrics.setGlobalMeterProvider(
  new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 60_000,
      }),
    ],
  }),
);
const traced = createFingerprintGuard({ ...base, opentelemetry: api });
const withSdk = await run([
  ['guard, opentelemetry: false (same run)', () => plain.decide(next())],
  [
    'guard, OpenTelemetry SDK, in-memory exporters',
    () => {
      if (spans.getFinishedSpans().length > 10_000) spans.reset();
      return traced.decide(next());
    },
  ],
]);

const row = (reference: number) => (r: Row) =>
  `| ${r.name} | ${Math.round(r.opsPerSecond).toLocaleString('en-US')} | ${(1e6 / r.opsPerSecond).toFixed(1)} | ${r.spread.toFixed(1)} | ${(r.opsPerSecond / reference).toFixed(2)}× |`;
const lines = [
  '# Observability benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), one process; each table is one run. Reproduce: \`pnpm bench\`.`,
  '',
  'A guard deciding on 64 distinct ~2 KB sealed results in turn (`replay: false`, so every decision runs the',
  'whole pipeline and only observability differs). The variants of a table alternate in 15 rounds of 2,000',
  'decisions; each shows its median rate, and ± is half the spread of its rounds without the extremes.',
  '',
  '| guard | decisions/s | µs each | ± % | vs none |',
  '|---|---:|---:|---:|---:|',
  ...withoutSdk.map(row(withoutSdk[0]!.opsPerSecond)),
  '',
  '| guard, after an SDK is registered | decisions/s | µs each | ± % | vs none |',
  '|---|---:|---:|---:|---:|',
  ...withSdk.map(row(withSdk[0]!.opsPerSecond)),
  '',
  `Cost per request with the SDK: ${(1e6 / withSdk[1]!.opsPerSecond - 1e6 / withSdk[0]!.opsPerSecond).toFixed(1)} µs (difference of the medians, same run).`,
  'Goal (issue #18): the API without an SDK costs nothing measurable (within the run-to-run ± %).',
  '',
];
writeFileSync(new URL('./TELEMETRY.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
