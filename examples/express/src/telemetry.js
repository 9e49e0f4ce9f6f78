// OpenTelemetry to the console, for `FP_OTEL=console pnpm demo`: every guarded request prints its
// `fingerprint-guard verify` span, and the guard's metrics are printed every 10 seconds.
import * as api from '@opentelemetry/api';
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

api.context.setGlobalContextManager(new AsyncHooksContextManager().enable());
api.trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] }),
);
api.metrics.setGlobalMeterProvider(
  new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 10_000 }),
    ],
  }),
);

/**
 * The API the SDK above is registered with, handed to the guards as their `opentelemetry` option:
 * the packages' own lookup of `@opentelemetry/api` resolves from their folder, where the demo's
 * install (production dependencies only) has none.
 */
export const opentelemetry = api;
