import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFingerprintGuardError, type FingerprintEvent } from '../src/index.js';
import { createEvent, sealEvent, UNSEALERS } from './helpers.js';

/** Random v4 events: the required fields plus arbitrary JSON in known and unknown fields. */
const arbitraryEvent: fc.Arbitrary<FingerprintEvent> = fc
  .record({
    event_id: fc.string({ minLength: 1, maxLength: 40 }),
    timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
    tags: fc.dictionary(fc.string(), fc.jsonValue()),
    extra: fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { maxKeys: 5 }),
  })
  .map(({ extra, ...required }) => ({ ...extra, ...required }) as FingerprintEvent)
  // JSON has no -0; the unsealer returns 0 for it, as JSON.parse does.
  .map((event) => JSON.parse(JSON.stringify(event)) as FingerprintEvent)
  // Prototype keys are dropped on purpose (unsealer.test.ts), so an exact round trip excludes them.
  .filter((event) => !/"(?:__proto__|constructor)"/.test(JSON.stringify(event)));

const arbitraryKey = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe.each(UNSEALERS)('%s', (_runtime, createUnsealer) => {
  describe('property: sealing and unsealing', () => {
    it('round-trips random events sealed with random keys exactly', async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryEvent, arbitraryKey, async (event, key) => {
          const unsealer = createUnsealer({ keys: [key] });
          expect(await unsealer.unseal(sealEvent(event, key))).toStrictEqual(event);
        }),
        { numRuns: 300 },
      );
    });
  });

  type Mutation =
    | { kind: 'flip'; at: number; bit: number }
    | { kind: 'truncate'; to: number }
    | { kind: 'extend'; bytes: Uint8Array }
    | { kind: 'splice'; at: number; text: string }
    | { kind: 'reencode'; as: 'base64url' | 'unpadded' | 'wrapped' | 'latin1' };

  const arbitraryMutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), to: fc.nat() }),
    fc.record({ kind: fc.constant('extend' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 4 }) }),
    fc.record({
      kind: fc.constantFrom('reencode' as const),
      as: fc.constantFrom('base64url', 'unpadded', 'wrapped', 'latin1') as fc.Arbitrary<
        'base64url' | 'unpadded' | 'wrapped' | 'latin1'
      >,
    }),
  );

  function mutate(sealed: string, mutation: Mutation): string | Uint8Array {
    const bytes = Buffer.from(sealed, 'base64');
    switch (mutation.kind) {
      case 'flip':
        bytes[mutation.at % bytes.length]! ^= 1 << mutation.bit;
        return bytes.toString('base64');
      case 'truncate':
        return bytes.subarray(0, mutation.to % bytes.length).toString('base64');
      case 'extend':
        return Buffer.concat([bytes, mutation.bytes]).toString('base64');
      case 'splice': {
        const at = mutation.at % (sealed.length + 1);
        return sealed.slice(0, at) + mutation.text + sealed.slice(at);
      }
      case 'reencode':
        if (mutation.as === 'base64url') return bytes.toString('base64url');
        if (mutation.as === 'unpadded') return sealed.replace(/=+$/, '');
        if (mutation.as === 'wrapped') return sealed.replace(/(.{76})/g, '$1\n');
        return new Uint8Array(Buffer.from(sealed, 'latin1'));
    }
  }

  describe('property: mutated sealed results', () => {
    const key = randomBytes(32);
    const unsealer = createUnsealer({ keys: [key] });

    it('only ever yield a FingerprintGuardError or exactly the original event', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbitraryMutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          const event = createEvent();
          let input: string | Uint8Array = sealEvent(event, key);
          for (const mutation of mutations) {
            input = mutate(typeof input === 'string' ? input : Buffer.from(input).toString('base64'), mutation);
          }
          try {
            // A mutation can leave the meaning intact (padding dropped, a flip undone): then the
            // original event, and nothing else, is the only acceptable result.
            expect(await unsealer.unseal(input)).toStrictEqual(event);
          } catch (error) {
            if (!isFingerprintGuardError(error)) throw error;
            expect(error.status).toBeGreaterThanOrEqual(400);
            expect(error.status).toBeLessThan(500);
          }
        }),
        { numRuns: 2000 },
      );
    });
  });
});
