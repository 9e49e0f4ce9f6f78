// An outside app: `node drive.mjs <package> <esm|cjs>` loads one packed package through its ESM
// build (import) or its CommonJS build (require), with the OpenTelemetry SDK registered as an app
// registers it, sends a guarded route a fresh, a replayed and a missing sealed result and a
// webhook twice, and prints one JSON line: the statuses, the spans and the metric points.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SCENARIOS } from './scenarios.mjs';

const [name, format] = process.argv.slice(2);
if (!SCENARIOS[name] || !['esm', 'cjs'].includes(format))
  throw new Error(`usage: drive.mjs <${Object.keys(SCENARIOS)}> <esm|cjs>`);

// `require` here is what it is in a CommonJS module: the `require` export condition, the .cjs build.
const require = createRequire(import.meta.url);
const load = format === 'cjs' ? async (specifier) => require(specifier) : (specifier) => import(specifier);
// The other build, for a scenario that mixes them in one process (a CommonJS dependency in an ES module app).
const loadOther = format === 'cjs' ? (specifier) => import(specifier) : async (specifier) => require(specifier);

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

// The seal comes from the packed @fingerprint-guard/testing, in the same format.
const testing = await load('@fingerprint-guard/testing');
const pkg = await load(`@fingerprint-guard/${name}`);
const key = testing.generateKey();
const secret = 'whsec_pack_check';
const logged = [];
const logger = { warn: (message) => logged.push(message), error: (message) => logged.push(message) };

const app = await SCENARIOS[name]({ pkg, load, loadOther, options: { fingerprint: { keys: [key] }, logger }, secret });
try {
  const sealed = testing.sealEvent(testing.createEvent(), key);
  const login = [
    await app.login({ 'fingerprint-sealed-result': sealed }),
    await app.login({ 'fingerprint-sealed-result': sealed }),
    await app.login({}),
  ];
  const body = JSON.stringify(testing.createEvent());
  const signature = `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const webhook = [await app.webhook(body, signature), await app.webhook(body, signature)];

  await reader.forceFlush();
  const points = metricExporter
    .getMetrics()
    .flatMap((resource) => resource.scopeMetrics)
    .filter((scope) => scope.scope.name === '@fingerprint-guard/core')
    .flatMap((scope) => scope.metrics);
  const decisions = points.find((metric) => metric.descriptor.name === 'fingerprint_guard.decisions');
  const duration = points.find((metric) => metric.descriptor.name === 'fingerprint_guard.duration');
  const ErrorClass = pkg.FingerprintGuardError ?? (await load('@fingerprint-guard/core')).FingerprintGuardError;
  console.log(
    JSON.stringify({
      login,
      webhook,
      spans: spans
        .getFinishedSpans()
        .filter((span) => span.name === 'fingerprint-guard verify')
        .map((span) => span.attributes['fingerprint_guard.outcome']),
      decisions: Object.fromEntries(
        (decisions?.dataPoints ?? []).map((point) => [point.attributes['fingerprint_guard.outcome'], point.value]),
      ),
      durationCount: (duration?.dataPoints ?? []).reduce((sum, point) => sum + point.value.count, 0),
      errorClass: new ErrorClass('CONFIG_INVALID', 'a name check').constructor.name,
      logged,
    }),
  );
} finally {
  await app.close();
}
