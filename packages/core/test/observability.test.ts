import { context, metrics, trace } from '@opentelemetry/api';
import * as otelApi from '@opentelemetry/api';
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  ipFrom,
  MemoryReplayStore,
  type DecisionReport,
  type FingerprintGuardOptions,
} from '../src/index.js';
import { createEvent, createFakeCside, generateKey, sealEvent } from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const sealed = (overrides = {}) => ({
  headers: { 'fingerprint-sealed-result': sealEvent(createEvent(overrides), key) },
});

describe('onDecision', () => {
  const guardWith = (options: Partial<FingerprintGuardOptions>) =>
    createFingerprintGuard({
      fingerprint: { keys: [generateKey(), key] },
      replay: { store: new MemoryReplayStore() },
      logger: quiet(),
      ...options,
    });

  it('is called once per request with the outcome, path, key index, replay check and durations', async () => {
    const seen: DecisionReport[] = [];
    const guard = guardWith({ deny: { vpn: true }, onDecision: (decision) => void seen.push(decision) });
    const once = sealed();
    await guard.decide(once);
    await guard.decide(once);
    await guard.decide(sealed({ vpn: true }));
    await guard.decide({ headers: {} });
    expect(
      seen.map(({ outcome, rule, stage, via, keyIndex, replayCheck }) => ({
        outcome,
        rule,
        stage,
        via,
        keyIndex,
        replayCheck,
      })),
    ).toEqual([
      { outcome: 'allowed', rule: undefined, stage: 'allowed', via: 'sealed', keyIndex: 1, replayCheck: 'claimed' },
      {
        outcome: 'EVENT_REPLAYED',
        rule: undefined,
        stage: 'replay',
        via: 'sealed',
        keyIndex: 1,
        replayCheck: 'replayed',
      },
      { outcome: 'EVENT_DENIED', rule: 'vpn', stage: 'rules', via: 'sealed', keyIndex: 1, replayCheck: 'not-reached' },
      {
        outcome: 'CREDENTIAL_MISSING',
        rule: undefined,
        stage: 'credential',
        via: undefined,
        keyIndex: undefined,
        replayCheck: undefined,
      },
    ]);
    for (const decision of seen.slice(0, 2)) {
      expect(decision.durations).toEqual({
        authenticateMs: expect.any(Number),
        replayMs: expect.any(Number),
        totalMs: expect.any(Number),
      });
      const { authenticateMs, replayMs, totalMs } = decision.durations;
      // The stages follow one another: together they never take longer than the whole.
      expect(authenticateMs + replayMs!).toBeLessThanOrEqual(totalMs + 1e-9);
    }
    expect(seen[2]!.durations.replayMs).toBeUndefined();
  });

  it('in monitor mode reports allowed, with what enforce mode would have denied', async () => {
    const seen: DecisionReport[] = [];
    await guardWith({
      mode: 'monitor',
      deny: { vpn: true },
      onDecision: (decision) => void seen.push(decision),
    }).decide(sealed({ vpn: true }));
    expect(seen[0]).toMatchObject({
      outcome: 'allowed',
      mode: 'monitor',
      wouldDeny: { code: 'EVENT_DENIED', rule: 'vpn' },
    });
  });

  it('never carries the sealed input or the key', async () => {
    const request = sealed();
    let report = '';
    const onDecision = (decision: DecisionReport) => {
      report = JSON.stringify(decision);
    };
    await guardWith({ onDecision }).decide(request);
    expect(report).not.toContain(request.headers['fingerprint-sealed-result'].slice(20, 60));
    expect(report).not.toContain(key);
  });

  it('a hook that throws or rejects never changes or delays the request, and is logged once', async () => {
    for (const onDecision of [
      () => {
        throw new Error('hook bug');
      },
      () => Promise.reject(new Error('async hook bug')),
    ]) {
      const logger = quiet();
      const guard = guardWith({ onDecision, logger });
      for (let i = 0; i < 3; i++)
        await expect(guard.verify(sealed())).resolves.toMatchObject({ replayCheck: 'claimed' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.error.mock.calls[0]![1]).toMatchObject({ event: 'on-decision-failed' });
    }
    const slow = guardWith({ onDecision: () => new Promise<void>(() => {}) });
    await expect(slow.verify(sealed())).resolves.toBeDefined();
  });
});

describe('OpenTelemetry', () => {
  const spans = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  let cside: Awaited<ReturnType<typeof createFakeCside>>;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncHooksContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    cside = await createFakeCside();
  });
  afterAll(async () => {
    trace.disable();
    metrics.disable();
    context.disable();
    await provider.shutdown();
    await cside.close();
  });

  it('a provider’s HTTP call made during the decision is a child of the request’s span', async () => {
    spans.reset();
    // What an HTTP instrumentation does: a span around each outbound call, under the active one.
    const instrumentedFetch: typeof fetch = (input, init) =>
      trace.getTracer('http').startActiveSpan('HTTP POST', async (span) => {
        try {
          return await fetch(input, init);
        } finally {
          span.end();
        }
      });
    const guard = createFingerprintGuard({
      cside: { apiKey: cside.apiKey, baseUrl: cside.url, fetch: instrumentedFetch },
      logger: quiet(),
    });
    await guard.verify({ headers: { 'cside-token': cside.issueToken() } });
    const finished = spans.getFinishedSpans();
    const verify = finished.find((span) => span.name === 'fingerprint-guard verify')!;
    const http = finished.find((span) => span.name === 'HTTP POST')!;
    expect(http.parentSpanContext?.spanId).toBe(verify.spanContext().spanId);
    expect(verify.attributes).toMatchObject({
      'fingerprint_guard.outcome': 'allowed',
      'fingerprint_guard.provider': 'cside',
      'fingerprint_guard.via': 'cside',
    });
  });

  it('names where bind.ip took the client IP: fingerprint_guard.ip_source', async () => {
    spans.reset();
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key] },
      bind: { ip: true },
      clientIp: ipFrom.forwardedFor({ trustedProxies: ['10.0.0.0/8'] }),
      logger: quiet(),
    });
    await guard.decide({ ...sealed(), peer: '10.0.0.1' });
    await guard.decide({ ...sealed(), peer: '203.0.113.42' });
    const verify = spans.getFinishedSpans().filter((span) => span.name === 'fingerprint-guard verify');
    expect(verify.map((span) => span.attributes['fingerprint_guard.ip_source'])).toEqual(['peer', 'peer']);
    await guard.decide({ headers: { ...sealed().headers, 'x-forwarded-for': '203.0.113.42' }, peer: '10.0.0.1' });
    expect(spans.getFinishedSpans().at(-1)!.attributes).toMatchObject({
      'fingerprint_guard.outcome': 'allowed',
      'fingerprint_guard.ip_source': 'forwarded-for',
    });
  });

  it('a step-up is outcome step_up with its rule and no error status; a bot is named by category, provider and identity', async () => {
    spans.reset();
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key] },
      deny: { bot: true },
      stepUp: { vpn: true },
      logger: quiet(),
    });
    const crawler = {
      bot: 'good' as const,
      bot_info: {
        category: 'search_engine_crawler',
        provider: 'Example Search',
        name: 'ExampleBot',
        identity: 'verified' as const,
        confidence: 'high' as const,
      },
    };
    await guard.decide(sealed({ vpn: true, ...crawler }));
    await guard.decide(sealed({ bot: 'bad' }));
    const [stepUp, denied] = spans.getFinishedSpans().filter((span) => span.name === 'fingerprint-guard verify');
    expect(stepUp!.attributes).toMatchObject({
      'fingerprint_guard.outcome': 'step_up',
      'fingerprint_guard.rule': 'vpn',
      'fingerprint_guard.stage': 'allowed',
      'fingerprint_guard.bot.category': 'search_engine_crawler',
      'fingerprint_guard.bot.provider': 'Example Search',
      'fingerprint_guard.bot.identity': 'verified',
    });
    expect(stepUp!.status.code).toBe(otelApi.SpanStatusCode.UNSET);
    expect(denied!.status.code).toBe(otelApi.SpanStatusCode.ERROR);
    expect(denied!.attributes['fingerprint_guard.bot.category']).toBeUndefined();
  });

  it('takes the API module explicitly (the Web build’s way), and false turns it off', async () => {
    spans.reset();
    await createFingerprintGuard({ fingerprint: { keys: [key] }, opentelemetry: otelApi, logger: quiet() }).decide(
      sealed(),
    );
    await createFingerprintGuard({ fingerprint: { keys: [key] }, opentelemetry: false, logger: quiet() }).decide(
      sealed(),
    );
    expect(spans.getFinishedSpans().filter((span) => span.name === 'fingerprint-guard verify')).toHaveLength(1);
  });
});
