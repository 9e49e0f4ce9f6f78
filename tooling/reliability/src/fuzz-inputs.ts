/**
 * The fuzzer's inputs: its seeded randomness, the seeds (the official vectors and fresh sealed
 * events, v4 and v3), and the mutations of a seed, attacker-side (bytes or text of a sealed result,
 * no key) and key-holder-side (a mutated plaintext sealed with the key, to reach the inflate, JSON
 * and shape stages an attacker cannot reach without it).
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FingerprintEvent, FingerprintEventV3 } from '@fingerprint-guard/core';
import { createEvent, sealEvent, sealPlaintext } from '@fingerprint-guard/testing';
import { mutateV3Plaintext, v3Seeds } from './fuzz-v3.js';
import type { prng } from './prng.js';

export interface Seed {
  sealed: Buffer;
  /** The payload inside, by a bare reference unseal: a v4 event or a 3.x agent's v3 response. */
  event?: FingerprintEvent | FingerprintEventV3;
}

export const FINGERPRINT_TEST_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export function loadSeeds(vectorsDir: string | undefined, key: string): Seed[] {
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
export function mutateSealed(random: ReturnType<typeof prng>, seed: Seed, other: Seed): string | Uint8Array {
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
export function mutatePlaintext(random: ReturnType<typeof prng>, seed: Seed, key: string): string {
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
