import { describe, expect, it } from 'vitest';
import type { FingerprintGuardErrorCode } from '../src/index.js';
import {
  expectConfigError,
  expectGuardError,
  HAS_VECTORS,
  loadSealedVectors,
  readVectorFile,
  UNSEALERS,
  VECTORS_DIR,
} from './helpers.js';

if (!HAS_VECTORS) {
  console.warn(`[vectors] ${VECTORS_DIR} is absent: the official sealed-result vectors are skipped.`);
}

const vectors = loadSealedVectors();

/** Where a stage of the SDKs' tests lands in fingerprint-guard's error codes (DESIGN.md). */
const CODE_FOR_STAGE: Record<string, FingerprintGuardErrorCode> = {
  header: 'SEALED_RESULT_UNSUPPORTED_VERSION',
  decrypt: 'SEALED_RESULT_DECRYPTION_FAILED',
  inflate: 'SEALED_RESULT_INVALID_PAYLOAD',
  json: 'SEALED_RESULT_INVALID_PAYLOAD',
  validation: 'SEALED_RESULT_INVALID_PAYLOAD',
};

function expectedCode(vector: { sealed: string; expectError: string }): FingerprintGuardErrorCode {
  // An input too short for header + nonce + tag is MALFORMED before any later stage is reached,
  // whichever stage the SDK that produced the vector happened to fail at.
  return Buffer.from(vector.sealed, 'base64').length < 32
    ? 'SEALED_RESULT_MALFORMED'
    : CODE_FOR_STAGE[vector.expectError]!;
}

/**
 * The SDKs accept keys of any length and fail them at decryption; fingerprint-guard refuses them
 * when the unsealer is built. Such a vector is checked in two steps: the bad key is named at
 * construction, then the remaining keys must fail the vector where the SDK said.
 */
describe.each(UNSEALERS)('official sealed-result vectors, %s', (_runtime, createUnsealer) => {
  function unsealerFor(keys: string[]) {
    const usable = keys.filter((key) => Buffer.from(key, 'base64').length === 32);
    if (usable.length !== keys.length) {
      const firstBad = keys.findIndex((key) => Buffer.from(key, 'base64').length !== 32);
      const error = expectConfigError(() => createUnsealer({ keys }));
      expect(error.message).toContain(`#${firstBad + 1} of ${keys.length}`);
      expect(error.message).not.toContain(keys[firstBad]);
    }
    return createUnsealer({ keys: usable });
  }

  describe.skipIf(!HAS_VECTORS)('every vector', () => {
    it('are all present', () => {
      expect(vectors.length).toBeGreaterThanOrEqual(18);
    });

    for (const vector of vectors.filter((v) => v.payloadShape === 'v4')) {
      it(`${vector.id}: unseals to exactly the expected v4 event, with the last key`, async () => {
        const { event, keyIndex } = await unsealerFor(vector.keys).unsealDetailed(vector.sealed);
        expect(event).toStrictEqual(readVectorFile(vector.expectedFile!));
        expect(keyIndex).toBe(vector.keys.length - 1);
        const opened = await unsealerFor(vector.keys).unsealAnyFormat(vector.sealed);
        expect(opened).toStrictEqual({ format: 'v4', event, keyIndex });
      });
    }

    for (const vector of vectors.filter((v) => v.payloadShape === 'v3')) {
      it(`${vector.id}: unsealAnyFormat() reads exactly the expected v3 payload; unseal() says it is from a 3.x agent`, async () => {
        const unsealer = unsealerFor(vector.keys);
        const opened = await unsealer.unsealAnyFormat(vector.sealed);
        expect(opened).toStrictEqual({
          format: 'v3',
          event: readVectorFile(vector.expectedFile!),
          keyIndex: vector.keys.length - 1,
        });
        const { event } = await unsealer.unsealPayload(vector.sealed);
        expect(event).toStrictEqual(readVectorFile(vector.expectedFile!));
        const error = await expectGuardError(unsealer.unseal(vector.sealed), 'SEALED_RESULT_INVALID_PAYLOAD');
        expect(error.message).toMatch(/3\.x JavaScript agent/);
        expect(error.message).toContain('unsealAnyFormat');
      });
    }

    for (const vector of vectors.filter((v) => v.expectError)) {
      const code = expectedCode(vector as { sealed: string; expectError: string });
      it(`${vector.id}: fails at "${vector.expectError}" with ${code}`, async () => {
        const error = await expectGuardError(unsealerFor(vector.keys).unseal(vector.sealed), code);
        expect(JSON.stringify(error)).not.toContain(vector.sealed.slice(0, 24) || '\u0000');
      });
    }
  });
});
