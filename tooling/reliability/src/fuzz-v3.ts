/** The 3.x-agent side of the fuzzer: fresh v3 seeds, and key-holder mutations of v3 `{ products }` payloads. */
import type { FingerprintEventV3 } from '@fingerprint-guard/core';
import { createEventV3, sealEvent } from '@fingerprint-guard/testing';
import type { prng } from './prng.js';

/** Sealed 3.x-agent results and the payload inside each. */
export function v3Seeds(key: string, count: number): Array<{ sealed: Buffer; event: FingerprintEventV3 }> {
  return Array.from({ length: count }, (_, i) => {
    const event = createEventV3(i % 4 === 0 ? { tags: { note: 'x'.repeat(3000), ü: '✓' } } : {});
    return { sealed: Buffer.from(sealEvent(event, key), 'base64'), event };
  });
}

/**
 * A v3 payload broken where the guard reads it, sealed with the key: the identification's id or
 * time of the wrong type or missing, the identification failed, `products` not an object.
 */
export function mutateV3Plaintext(random: ReturnType<typeof prng>, key: string): string {
  const event = createEventV3();
  const data = event.products.identification!.data! as unknown as Record<string, unknown>;
  switch (random.int(5)) {
    case 0:
      data[random.pick(['requestId', 'timestamp'])] = random.pick([null, 42, '42', '', [], {}, true, Number.NaN]);
      return sealEvent(event, key);
    case 1:
      delete data[random.pick(['requestId', 'timestamp'])];
      return sealEvent(event, key);
    case 2:
      event.products.identification = { error: { code: 'Failed', message: 'internal server error' } };
      return sealEvent(event, key);
    case 3:
      return sealEvent({ products: random.pick([null, [], 'products', 1, { identification: [] }]) }, key);
    default:
      // Signals of the wrong type: accepted (the event is genuine), each unreported.
      event.products.vpn = { data: { result: 'true' } } as never;
      return sealEvent(event, key);
  }
}
