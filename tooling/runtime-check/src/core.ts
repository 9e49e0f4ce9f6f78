/** Core on this runtime, as its own resolver picks it: which build, unsealing, the guard, webhooks and OpenTelemetry. */
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  createFingerprintGuard,
  createUnsealer,
  createWebhookReceiver,
  FingerprintGuardError,
} from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { check, equal } from './harness.ts';

const codeOf = (error: unknown) => (error as { code?: string }).code;

export async function coreChecks(runtime: string): Promise<void> {
  await check(
    `${runtime} resolves @fingerprint-guard/core to its Node build (dist/index.js), not the Web build`,
    () => {
      const resolved = import.meta.resolve('@fingerprint-guard/core');
      if (!/\/core\/dist\/index\.js$/.test(resolved)) throw new Error(`resolved ${resolved}`);
    },
  );

  const key = generateKey();
  await check('unseals a sealed result; a tampered one and a wrong key are typed errors', async () => {
    const event = createEvent();
    const unsealer = createUnsealer({ keys: [generateKey(), key] });
    equal((await unsealer.unseal(sealEvent(event, key))).event_id, event.event_id, 'event_id');
    const tampered = Buffer.from(sealEvent(event, key), 'base64');
    tampered[40]! ^= 1;
    const failures = await Promise.all([
      unsealer.unseal(tampered.toString('base64')).catch(codeOf),
      createUnsealer({ keys: [generateKey()] })
        .unseal(sealEvent(event, key))
        .catch(codeOf),
    ]);
    equal(failures, ['SEALED_RESULT_DECRYPTION_FAILED', 'SEALED_RESULT_DECRYPTION_FAILED'], 'codes');
  });

  await check('the guard accepts a result once and reports it to OpenTelemetry', async () => {
    const spans = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    try {
      const guard = createFingerprintGuard({ fingerprint: { keys: [key] } });
      const headers = { 'fingerprint-sealed-result': sealEvent(createEvent(), key) };
      const decisions = [await guard.decide({ headers }), await guard.decide({ headers })];
      equal(
        decisions.map((d) => d.error?.code ?? 'allowed'),
        ['allowed', 'EVENT_REPLAYED'],
        'decisions',
      );
      const outcomes = spans.getFinishedSpans().map((span) => span.attributes['fingerprint_guard.outcome']);
      equal(outcomes, ['allowed', 'EVENT_REPLAYED'], 'span outcomes');
    } finally {
      trace.disable();
    }
  });

  await check('a webhook receiver processes an event once', async () => {
    const secret = 'whsec_core';
    const body = new TextEncoder().encode(JSON.stringify(createEvent()));
    const { createHmac } = await import('node:crypto');
    const signature = `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const receiver = createWebhookReceiver({ secret });
    let handled = 0;
    const outcomes = [
      await receiver.process({ body, signature }, async () => void handled++),
      await receiver.process({ body, signature }, async () => void handled++),
    ];
    equal([handled, outcomes.map((outcome) => outcome.duplicate)], [1, [false, true]], 'handled, duplicate');
  });

  await check('errors keep their class name', () => {
    equal(new FingerprintGuardError('CONFIG_INVALID', 'x').constructor.name, 'FingerprintGuardError', 'name');
  });
}
