/**
 * A mutation fuzzer for the unsealer and for the guard's credential extraction. Seeds: the official
 * vectors and fresh sealed events. Byte-level mutations attack the sealed result as an attacker
 * can (no key); structure-aware mutations re-seal mutated plaintexts with the key, to reach the
 * inflate, JSON and shape stages an attacker cannot reach without it.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  createFingerprintGuard,
  createUnsealer,
  isFingerprintGuardError,
  type FingerprintEvent,
  type FingerprintEventV3,
} from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent, sealPlaintext, toEventV3 } from '@fingerprint-guard/testing';
import { mutateV3Plaintext, v3Seeds } from './fuzz-v3.js';
import type { SecretScanner } from './secrets.js';

export interface FuzzStats {
  inputs: number;
  /** Outcomes by error code, `accepted` for an unsealed event (`accepted v3` for a 3.x agent's). */
  outcomes: Record<string, number>;
  /** Anything other than a FingerprintGuardError that escaped: must stay 0. */
  crashes: number;
  /** Attacker-side mutations (no key) accepted as anything but their seed's own event: must stay 0. */
  wrongAcceptances: number;
  maxMillis: number;
  rssStartMb: number;
  rssEndMb: number;
  failures: string[];
}

/** Deterministic randomness, so a failing input can be reproduced from the seed. */
export function prng(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

interface Seed {
  sealed: Buffer;
  /** The payload inside, by a bare reference unseal: a v4 event or a 3.x agent's v3 response. */
  event?: FingerprintEvent | FingerprintEventV3;
}

export const FINGERPRINT_TEST_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

function loadSeeds(vectorsDir: string | undefined, key: string): Seed[] {
  const seeds: Seed[] = [];
  if (vectorsDir && existsSync(vectorsDir)) {
    for (const name of readdirSync(vectorsDir).filter((n) => n.endsWith('.json') && !n.endsWith('.expected.json'))) {
      const vector = JSON.parse(readFileSync(join(vectorsDir, name), 'utf8')) as { sealed?: string };
      if (typeof vector.sealed !== 'string') continue;
      const sealed = Buffer.from(vector.sealed, 'base64');
      seeds.push({
        sealed,
        event: referenceUnseal(sealed, [key, FINGERPRINT_TEST_KEY]) as FingerprintEvent | undefined,
      });
    }
  }
  for (let i = 0; i < 16; i++) {
    const event = createEvent(i % 4 === 0 ? { tags: { note: 'x'.repeat(3000), ü: '✓' } } : {});
    seeds.push({ sealed: Buffer.from(sealEvent(event, key), 'base64'), event });
  }
  seeds.push(...v3Seeds(key, 8));
  return seeds;
}

/** Attacker-side mutations: bytes or base64 text of a sealed result, without the key. */
function mutateSealed(random: ReturnType<typeof prng>, seed: Seed, other: Seed): string | Uint8Array {
  const bytes = Buffer.from(seed.sealed);
  switch (random.int(9)) {
    case 0: // flip bits
      for (let n = 1 + random.int(4); n > 0; n--) bytes[random.int(bytes.length)]! ^= 1 << random.int(8);
      return bytes.toString('base64');
    case 1: // truncate
      return bytes.subarray(0, random.int(bytes.length)).toString('base64');
    case 2: // extend
      return Buffer.concat([bytes, randomBytes(1 + random.int(64))]).toString('base64');
    case 3: // crossover: header and nonce of one, body of another
      return Buffer.concat([bytes.subarray(0, 16), other.sealed.subarray(16)]).toString('base64');
    case 4: {
      // insert junk characters into the text
      const text = bytes.toString('base64');
      const at = random.int(text.length + 1);
      return (
        text.slice(0, at) + random.pick([' ', '\n', '-', '_', '=', '%', 'é', '\u0000', '==', '*']) + text.slice(at)
      );
    }
    case 5: // re-encode
      return random.pick([
        bytes.toString('base64url'),
        bytes.toString('base64').replace(/=+$/, ''),
        bytes.toString('hex'),
        bytes.toString('latin1'),
      ]);
    case 6: // raw bytes instead of text
      return new Uint8Array(bytes);
    case 7: // swap the tag with random bytes
      randomBytes(16).copy(bytes, Math.max(0, bytes.length - 16));
      return bytes.toString('base64');
    default: // pure noise with a valid header
      return Buffer.concat([bytes.subarray(0, 4), randomBytes(random.int(200))]).toString('base64');
  }
}

/** Key-holder mutations: a plaintext the guard's own key seals, to exercise the later stages. */
function mutatePlaintext(random: ReturnType<typeof prng>, seed: Seed, key: string): string {
  if (seed.event !== undefined && 'products' in seed.event) return mutateV3Plaintext(random, key);
  const event = seed.event ?? createEvent();
  const json = JSON.stringify(event);
  switch (random.int(8)) {
    case 0: {
      // corrupt the deflate stream
      const deflated = deflateRawSync(json);
      for (let n = 1 + random.int(3); n > 0; n--) deflated[random.int(deflated.length)]! ^= 1 << random.int(8);
      return sealPlaintext(deflated, key);
    }
    case 1: // not deflated at all
      return sealPlaintext(Buffer.from(json), key);
    case 2: // truncated JSON
      return sealPlaintext(deflateRawSync(json.slice(0, random.int(json.length))), key);
    case 3: // hostile keys
      return sealPlaintext(
        deflateRawSync(
          json.replace(
            '{',
            random.pick([
              '{"__proto__":{"x":1},',
              '{"constructor":{"prototype":{"x":1}},',
              '{"\\u005f_proto__":{"x":1},',
            ]),
          ),
        ),
        key,
      );
    case 4: // wrong types for the required fields
      return sealEvent(
        { ...event, [random.pick(['event_id', 'timestamp'])]: random.pick([null, 42, '42', [], {}, true]) },
        key,
      );
    case 5: // deep nesting
      return sealPlaintext(
        deflateRawSync(`{"event_id":"1.a","timestamp":1,"tags":${'['.repeat(5000)}${']'.repeat(5000)}}`),
        key,
      );
    case 6: // a decompression bomb beyond the limit
      return sealPlaintext(deflateRawSync(Buffer.alloc((1 + random.int(4)) * 1024 * 1024, 0x20)), key);
    default: // v3 shape, without a timestamp
      return sealEvent({ products: { identification: { data: { requestId: event.event_id } } } }, key);
  }
}

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/**
 * zlib reports a failed inflate through an event on process.nextTick, which holds the failed
 * stream's buffers until the event loop turns. A server turns it between requests; a fuzz loop
 * made only of awaits never does, and would measure that backlog instead of the code under test.
 */
const YIELD_EVERY = 1_000;

const newStats = (): FuzzStats => ({
  inputs: 0,
  outcomes: {},
  crashes: 0,
  wrongAcceptances: 0,
  maxMillis: 0,
  rssStartMb: rssMb(),
  rssEndMb: 0,
  failures: [],
});

/**
 * Fuzzes `createUnsealer().unseal` (v4 only) and, for every other input, `unsealAnyFormat` (what
 * a guard accepting 3.x agents runs) with `inputs` mutated sealed results.
 */
export async function fuzzUnsealer(options: {
  inputs: number;
  seed: number;
  vectorsDir?: string;
  scanner?: SecretScanner;
}): Promise<FuzzStats> {
  const random = prng(options.seed);
  const key = generateKey();
  options.scanner?.addSecret('unsealer fuzz key', key);
  const seeds = loadSeeds(options.vectorsDir, key);
  const unsealer = createUnsealer({ keys: [key, FINGERPRINT_TEST_KEY] });
  // Without the key, an attacker can only ever get back an event that was genuinely sealed.
  const genuineEvents = new Set(seeds.flatMap((seed) => (seed.event ? [JSON.stringify(seed.event)] : [])));
  const stats = newStats();
  for (let i = 0; i < options.inputs; i++) {
    const seed = random.pick(seeds);
    // One input in 50 is key-holder-side: those reach the inflate and JSON stages.
    const keyHolder = random.int(50) === 0;
    const input = keyHolder ? mutatePlaintext(random, seed, key) : mutateSealed(random, seed, random.pick(seeds));
    const started = performance.now();
    try {
      const anyFormat = i % 2 === 1;
      const opened = anyFormat
        ? await unsealer.unsealAnyFormat(input)
        : { format: 'v4', event: await unsealer.unseal(input) };
      const { event } = opened;
      const outcome = opened.format === 'v3' ? 'accepted v3' : 'accepted';
      stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
      // A mutation can leave a genuine result intact (padding dropped, bytes instead of text): that
      // event is accepted, and it is one that was sealed. Anything else would be a forgery.
      if (!keyHolder && !genuineEvents.has(JSON.stringify(event))) {
        stats.wrongAcceptances++;
        if (stats.failures.length < 5) stats.failures.push(`wrong acceptance, seed ${options.seed}, input ${i}`);
      }
    } catch (error) {
      if (isFingerprintGuardError(error)) {
        stats.outcomes[error.code] = (stats.outcomes[error.code] ?? 0) + 1;
        if (i % 97 === 0) options.scanner?.scan('unseal error', error);
      } else {
        stats.crashes++;
        if (stats.failures.length < 5)
          stats.failures.push(`crash at input ${i} (seed ${options.seed}): ${String(error)}`);
      }
    }
    stats.maxMillis = Math.max(stats.maxMillis, performance.now() - started);
    stats.inputs++;
    if (i % YIELD_EVERY === 0) await nextTurn();
  }
  stats.rssEndMb = rssMb();
  return stats;
}

/** The payload inside a sealed result, by the bare published algorithm; `undefined` when it holds none. */
function referenceUnseal(bytes: Buffer, keys: string[]): unknown {
  for (const candidate of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(candidate, 'base64'), bytes.subarray(4, 16), {
        authTagLength: 16,
      });
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const plain = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
      return JSON.parse(inflateRawSync(plain).toString('utf8'));
    } catch {
      // not this key, or not a payload
    }
  }
  return undefined;
}

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
