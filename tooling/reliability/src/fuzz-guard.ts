/**
 * The fuzzer of the guard's credential extraction: hostile request shapes around genuine sealed
 * results (v4 and v3). Every decision must be a value, and only a genuine result may pass.
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createFingerprintGuard } from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent, toEventV3 } from '@fingerprint-guard/testing';
import { prng } from './prng.js';
import { newStats, rssMb, YIELD_EVERY, type FuzzStats } from './fuzz-stats.js';
import type { SecretScanner } from './secrets.js';

/**
 * Fuzzes the guard's credential extraction with hostile request shapes: headers of every type,
 * duplicated and oversized values, bodies with arrays, numbers, nested objects and prototype keys.
 * Every decision must be a value (never a thrown error), and only a genuine sealed result passes.
 */
export async function fuzzGuardExtraction(options: {
  inputs: number;
  seed: number;
  scanner?: SecretScanner;
}): Promise<FuzzStats> {
  const random = prng(options.seed);
  const key = generateKey();
  options.scanner?.addSecret('guard fuzz key', key);
  const guard = createFingerprintGuard({
    // 3.x and 4.x agents alike: half the genuine results are v3 payloads. (The harness does not
    // declare v3 in AcceptedFingerprintFormats: it reads decisions, never a result's event.)
    fingerprint: { keys: [key], formats: ['v4', 'v3'] as unknown as ['v4'] },
    replay: false,
    logger: { warn() {}, error() {} },
  });
  const genuine = Array.from({ length: 8 }, (_, i) =>
    sealEvent(i % 2 === 0 ? createEvent() : toEventV3(createEvent()), key),
  );
  const values = (): unknown =>
    random.pick<() => unknown>([
      () => random.pick(genuine),
      () => [random.pick(genuine), random.pick(genuine)],
      () => `${random.pick(genuine)}, ${random.pick(genuine)}`,
      () => random.int(1e9),
      () => null,
      () => undefined,
      () => ({ sealed_result: random.pick(genuine) }),
      () => 'A'.repeat(random.int(300_000)),
      () => randomBytes(random.int(64)).toString('latin1'),
      () => '',
      () => true,
    ])();
  const stats = newStats();
  const names = [
    'fingerprint-sealed-result',
    'sealed_result',
    'cside-token',
    'fingerprint-event-id',
    'x-other',
    '__proto__',
    'constructor',
  ];
  for (let i = 0; i < options.inputs; i++) {
    const headers: Record<string, unknown> = {};
    for (let n = random.int(3); n > 0; n--) headers[random.pick(names)] = values();
    let body: unknown = random.pick<() => unknown>([
      () => undefined,
      () => ({ sealed_result: values() }),
      () => JSON.parse(`{"__proto__": {"sealed_result": ${JSON.stringify(random.pick(genuine))}}}`),
      () => Object.create({ sealed_result: random.pick(genuine) }),
      () => [values()],
      () => values(),
      () => new ReadableStream(),
    ])();
    if (random.int(10) === 0) body = { sealed_result: values(), nested: { sealed_result: random.pick(genuine) } };
    const webHeaders = random.int(4) === 0;
    const request = webHeaders
      ? {
          headers: new Headers(
            Object.entries(headers).flatMap(([k, v]) =>
              typeof v === 'string' && /^[\x20-\x7e]*$/.test(v) ? [[k, v] as [string, string]] : [],
            ),
          ),
          body,
        }
      : { headers: headers as Record<string, string>, body };
    const started = performance.now();
    try {
      const decision = await guard.decide(request);
      const v3 = (decision.fingerprint as { format?: string } | undefined)?.format === 'v3';
      const code = decision.allowed ? (v3 ? 'accepted v3' : 'accepted') : decision.error!.code;
      stats.outcomes[code] = (stats.outcomes[code] ?? 0) + 1;
      if (decision.allowed) {
        // Only a genuine sealed result, as one string in the header or as the body's own field, may pass.
        const presented = [
          request.headers instanceof Headers
            ? request.headers.get('fingerprint-sealed-result')
            : headers['fingerprint-sealed-result'],
          (body as { sealed_result?: unknown } | undefined)?.sealed_result,
        ];
        if (!presented.some((value) => typeof value === 'string' && genuine.includes(value))) stats.wrongAcceptances++;
      } else if (i % 97 === 0) {
        options.scanner?.scan('guard decision error', decision.error);
      }
    } catch (error) {
      stats.crashes++;
      if (stats.failures.length < 5)
        stats.failures.push(`crash at input ${i} (seed ${options.seed}): ${String(error)}`);
    }
    stats.maxMillis = Math.max(stats.maxMillis, performance.now() - started);
    stats.inputs++;
    if (i % YIELD_EVERY === 0) await nextTurn();
  }
  stats.rssEndMb = rssMb();
  return stats;
}
