import * as otelApi from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFingerprintGuard, MemoryReplayStore } from '../src/index.js';
import { SDK_RECHECK_MS } from '../src/observe/observer.js';
import { createEvent, generateKey, sealEvent } from './helpers.js';

const key = generateKey();
const sealed = () => ({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } });
const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

async function decisionsCounted(): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((m) => m.descriptor.name === 'fingerprint_guard.decisions');
  return (metric?.dataPoints ?? []).reduce((sum, point) => sum + (point.value as number), 0);
}

/** A guard reporting to the real API, built while no SDK is registered. */
const observableGuard = () =>
  createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    opentelemetry: otelApi,
    logger: { warn: vi.fn(), error: vi.fn() },
  });

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });

afterAll(async () => {
  otelApi.metrics.disable();
  otelApi.trace.disable();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
});

describe('a guard nobody observes yet', () => {
  it('still reports to a metrics SDK registered after it was built', async () => {
    otelApi.metrics.disable();
    const guard = observableGuard();
    // No SDK: the decision is made, and there is nothing to count it.
    expect((await guard.decide(sealed())).allowed).toBe(true);
    otelApi.metrics.setGlobalMeterProvider(meterProvider);
    // "No SDK" is trusted for SDK_RECHECK_MS; past it, the new provider is used.
    await sleep(SDK_RECHECK_MS + 10);
    expect((await guard.decide(sealed())).allowed).toBe(true);
    expect((await guard.decide(sealed())).allowed).toBe(true);
    expect(await decisionsCounted()).toBe(2);
  });

  it('starts no span while no tracer SDK is registered, and records spans once one is', async () => {
    otelApi.trace.disable();
    const startSpan = vi.spyOn(otelApi.ProxyTracer.prototype, 'startSpan');
    const guard = observableGuard();
    expect((await guard.decide(sealed())).allowed).toBe(true);
    // The no-op span's start, check and end are skipped, not only its attributes.
    expect(startSpan).not.toHaveBeenCalled();
    otelApi.trace.setGlobalTracerProvider(tracerProvider);
    await sleep(SDK_RECHECK_MS + 10);
    expect((await guard.decide(sealed())).allowed).toBe(true);
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['fingerprint-guard verify']);
    startSpan.mockRestore();
  });

  it('asks the API whether an SDK is registered at most once per SDK_RECHECK_MS, and uses one registered since', async () => {
    otelApi.trace.disable();
    otelApi.metrics.disable();
    spans.reset();
    const guard = observableGuard();
    const asked = vi.spyOn(otelApi.trace, 'getTracerProvider');
    for (let i = 0; i < 5; i++) expect((await guard.decide(sealed())).allowed).toBe(true);
    expect(asked).toHaveBeenCalledTimes(1);
    otelApi.trace.setGlobalTracerProvider(tracerProvider);
    // Within the window the guard still trusts "no SDK": this decision is not traced…
    expect((await guard.decide(sealed())).allowed).toBe(true);
    expect(spans.getFinishedSpans()).toHaveLength(0);
    // …and past it, every one is.
    await sleep(SDK_RECHECK_MS + 10);
    expect((await guard.decide(sealed())).allowed).toBe(true);
    expect((await guard.decide(sealed())).allowed).toBe(true);
    expect(spans.getFinishedSpans()).toHaveLength(2);
    asked.mockRestore();
  });

  it('a clock that goes back (fake timers start at 0) does not stretch the window', async () => {
    otelApi.trace.disable();
    spans.reset();
    const guard = observableGuard();
    expect((await guard.decide(sealed())).allowed).toBe(true);
    const decidedAt = performance.now();
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      otelApi.trace.setGlobalTracerProvider(tracerProvider);
      // Behind the first decision's clock by any amount (advancing the fake clock by a fixed step
      // landed it inside the window whenever the worker had run for just under that long).
      expect(performance.now()).toBeLessThan(decidedAt);
      expect((await guard.decide(sealed())).allowed).toBe(true);
      expect(spans.getFinishedSpans()).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
