/** One table that checks an adapter's OpenTelemetry output with the real SDK and its in-memory exporters. */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FingerprintGuardOptions } from '@fingerprint-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartGuardedApp } from './adapter-fixtures.js';
import { createEvent } from './event.js';
import { generateKey, sealEvent } from './seal.js';

const quiet = { warn() {}, error() {} };

/**
 * Registers the OpenTelemetry SDK globally (traces and metrics, in memory) and checks that one
 * request through the adapter makes one `fingerprint-guard verify` span and one
 * `fingerprint_guard.decisions` increment, with the right outcome, for an allowed, a replayed,
 * a rule-denied, a provider-unavailable and a stepped-up (`step_up`, not an error) request. Run it in its own test file: the SDK is global.
 *
 * @example
 * telemetryConformance('Express 5', async (options, { host }) => {  ...as for adapterConformance  });
 */
export function telemetryConformance(name: string, startApp: StartGuardedApp): void {
  const spans = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const key = generateKey();
  let close: (() => Promise<void>) | undefined;
  let url = '';

  describe(`OpenTelemetry: ${name}`, () => {
    beforeAll(async () => {
      context.setGlobalContextManager(new AsyncHooksContextManager().enable());
      trace.setGlobalTracerProvider(tracerProvider);
      metrics.setGlobalMeterProvider(meterProvider);
      const options: FingerprintGuardOptions<never> = {
        fingerprint: { keys: [key] },
        // Nothing listens on port 9: every cside token is PROVIDER_UNAVAILABLE at once.
        cside: { apiKey: 'telemetry-test', baseUrl: 'http://127.0.0.1:9', retry: false, maxWait: '2s' },
        deny: { vpn: true },
        stepUp: { tampering: true },
        logger: quiet,
      };
      const app = await startApp(options, { host: '127.0.0.1' });
      [url, close] = [app.url, app.close];
    });
    afterAll(async () => {
      await close?.();
      trace.disable();
      metrics.disable();
      context.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    });

    it('one span and one counter increment per request, with the outcome, provider and path', async () => {
      const send = (headers: Record<string, string>) =>
        fetch(url, { method: 'POST', headers }).then((response) => response.status);
      const once = sealEvent(createEvent(), key);
      const statuses = [
        await send({ 'fingerprint-sealed-result': once }),
        await send({ 'fingerprint-sealed-result': once }),
        await send({ 'fingerprint-sealed-result': sealEvent(createEvent({ vpn: true }), key) }),
        await send({ 'cside-token': 'any-token' }),
        await send({ 'fingerprint-sealed-result': sealEvent(createEvent({ tampering: true }), key) }),
      ];
      expect(statuses).toEqual([200, 409, 403, 503, 200]);

      const verifySpans = spans.getFinishedSpans().filter((span) => span.name === 'fingerprint-guard verify');
      expect(verifySpans.map((span) => span.attributes)).toEqual([
        expect.objectContaining({
          'fingerprint_guard.outcome': 'allowed',
          'fingerprint_guard.provider': 'fingerprint',
          'fingerprint_guard.via': 'sealed',
          'fingerprint_guard.key_index': 0,
          'fingerprint_guard.replay_check': 'claimed',
        }),
        expect.objectContaining({
          'fingerprint_guard.outcome': 'EVENT_REPLAYED',
          'fingerprint_guard.replay_check': 'replayed',
        }),
        expect.objectContaining({
          'fingerprint_guard.outcome': 'EVENT_DENIED',
          'fingerprint_guard.rule': 'vpn',
          'fingerprint_guard.replay_check': 'not-reached',
        }),
        expect.objectContaining({ 'fingerprint_guard.outcome': 'PROVIDER_UNAVAILABLE' }),
        expect.objectContaining({
          'fingerprint_guard.outcome': 'step_up',
          'fingerprint_guard.rule': 'tampering',
          'fingerprint_guard.replay_check': 'claimed',
        }),
      ]);
      // A step-up is not an error: the route ran.
      expect(verifySpans.map((span) => span.status.code)).toEqual([0, 2, 2, 2, 0]);

      await reader.forceFlush();
      const exported = metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
      const decisions = exported.filter((metric) => metric.descriptor.name === 'fingerprint_guard.decisions').at(-1)!;
      const counts = Object.fromEntries(
        decisions.dataPoints.map((point) => [
          `${point.attributes['fingerprint_guard.outcome']}/${point.attributes['fingerprint_guard.provider']}`,
          point.value,
        ]),
      );
      expect(counts).toEqual({
        'allowed/fingerprint': 1,
        'EVENT_REPLAYED/fingerprint': 1,
        'EVENT_DENIED/fingerprint': 1,
        'PROVIDER_UNAVAILABLE/none': 1,
        'step_up/fingerprint': 1,
      });
      const duration = exported.filter((metric) => metric.descriptor.name === 'fingerprint_guard.duration').at(-1)!;
      expect(duration.descriptor.unit).toBe('s');
      const stages = new Set(duration.dataPoints.map((point) => point.attributes['fingerprint_guard.stage']));
      expect(stages).toEqual(new Set(['authenticate', 'replay', 'total']));
    });
  });
}
