import * as otelApi from '@opentelemetry/api';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '../src/index.js';

const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [reader] });

/** The `fingerprint_guard.store_full` total the real SDK collected, or 0. */
async function storeFullCount(): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((m) => m.descriptor.name === 'fingerprint_guard.store_full');
  return (metric?.dataPoints ?? []).reduce((sum, point) => sum + (point.value as number), 0);
}

function recordingLogger() {
  const warnings: Array<{ message: string; details?: Record<string, unknown> }> = [];
  return {
    warnings,
    warn: (message: string, details?: Record<string, unknown>) => warnings.push({ message, details }),
    error: () => {},
  };
}

function clockAt(start: number) {
  const clock = { now: start, tick: (ms: number) => (clock.now += ms) };
  return clock;
}

beforeAll(() => {
  metrics.setGlobalMeterProvider(meterProvider);
});
afterAll(async () => {
  metrics.disable();
  await meterProvider.shutdown();
});

describe('MemoryReplayStore when full', () => {
  it('sizes its default capacity from the window and the claim rate', () => {
    expect(new MemoryReplayStore({ opentelemetry: false }).maxEntries).toBe(250 * 900);
    expect(new MemoryReplayStore({ window: '2m', opentelemetry: false }).maxEntries).toBe(250 * 120);
    expect(new MemoryReplayStore({ claimsPerSecond: 1_000, window: '5m', opentelemetry: false }).maxEntries).toBe(
      300_000,
    );
    expect(new MemoryReplayStore({ claimsPerSecond: 1_000, maxEntries: 7, opentelemetry: false }).maxEntries).toBe(7);
  });

  it('warns at most once a minute and counts every refusal, then recovers once keys expire', async () => {
    const before = await storeFullCount();
    const clock = clockAt(0);
    const logger = recordingLogger();
    const store = new MemoryReplayStore({ maxEntries: 2, logger, opentelemetry: otelApi, now: () => clock.now });
    expect(store.claim('a', 120_000)).toBe(true);
    expect(store.claim('b', 120_000)).toBe(true);
    expect(logger.warnings).toEqual([]);
    for (let i = 0; i < 50; i++) expect(() => store.claim(`flood-${i}`, 120_000)).toThrow(/full/);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]!.details).toMatchObject({ event: 'store-full', maxEntries: 2, refused: 1 });
    expect(logger.warnings[0]!.message).not.toMatch(/flood/);
    expect((await storeFullCount()) - before).toBe(50);

    clock.tick(59_999);
    expect(() => store.claim('c', 120_000)).toThrow(/full/);
    expect(logger.warnings).toHaveLength(1);
    clock.tick(1);
    expect(() => store.claim('d', 120_000)).toThrow(/full/);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[1]!.details).toMatchObject({ refused: 50 + 1 + 1 - 1 });
    expect((await storeFullCount()) - before).toBe(52);

    clock.tick(60_000);
    expect(store.claim('e', 300_000)).toBe(true);
    // A live key is still refused as a replay, and a recovered store warns no more.
    expect(store.claim('e', 300_000)).toBe(false);
    expect(logger.warnings).toHaveLength(2);
    expect((await storeFullCount()) - before).toBe(52);
  });

  it('counts through the installed @opentelemetry/api by default, and not at all with opentelemetry: false', async () => {
    const before = await storeFullCount();
    const logger = recordingLogger();
    const counted = new MemoryReplayStore({ maxEntries: 1, logger, now: () => 0 });
    counted.claim('a', 10_000);
    expect(() => counted.claim('b', 10_000)).toThrow(/full/);
    expect((await storeFullCount()) - before).toBe(1);

    const silent = new MemoryReplayStore({ maxEntries: 1, logger, opentelemetry: false, now: () => 0 });
    silent.claim('a', 10_000);
    expect(() => silent.claim('b', 10_000)).toThrow(/full/);
    expect((await storeFullCount()) - before).toBe(1);
    // The warning is not OpenTelemetry's: it is logged either way.
    expect(logger.warnings).toHaveLength(2);
  });
});
