/** The Node implementation of the unsealing seam: synchronous node:crypto and node:zlib. */
import { createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { FingerprintGuardError } from '../errors.js';
import { expectedDecodedLength } from './base64.js';
import { TAG_BYTES } from './format.js';
import type { SealedResultCipher, SealedResultRuntime } from './runtime.js';

/**
 * Buffer's decoder skips characters outside the alphabet and stops at a stray `=`, so it never
 * fails; both make the output shorter than the length the input implies, which is the check.
 */
function decodeBase64(text: string): Uint8Array | undefined {
  const expected = expectedDecodedLength(text);
  if (expected === undefined) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === expected ? bytes : undefined;
}

function importKeys(keys: readonly Uint8Array[]): SealedResultCipher {
  // KeyObjects keep the key bytes out of the JS heap and are parsed once, not on every call.
  const keyObjects: KeyObject[] = keys.map((key) => createSecretKey(key));
  return {
    keyCount: keyObjects.length,
    decryptWith(keyIndex, nonce, body) {
      const ciphertext = body.subarray(0, body.length - TAG_BYTES);
      // authTagLength pins the tag to 16 bytes: without it Node also accepts 4, 8 and 12.
      const decipher = createDecipheriv('aes-256-gcm', keyObjects[keyIndex]!, nonce, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      // update() returns bytes before the tag is verified: nothing reads them unless final() passes.
      const head = decipher.update(ciphertext);
      try {
        const tail = decipher.final();
        return tail.length === 0 ? head : Buffer.concat([head, tail]);
      } catch {
        return undefined; // This key does not authenticate the result.
      }
    },
  };
}

function inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    // zlib reports the limit as a RangeError (ERR_BUFFER_TOO_LARGE); match the class, not the text.
    if (error instanceof RangeError) {
      throw new FingerprintGuardError(
        'SEALED_RESULT_TOO_LARGE',
        `The sealed result inflates to more than maxPayloadBytes (${maxBytes} bytes).`,
      );
    }
    throw new FingerprintGuardError(
      'SEALED_RESULT_INVALID_PAYLOAD',
      'The sealed result is not raw-deflate compressed.',
      {
        cause: error,
      },
    );
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  // zlib answers a Buffer already: no view to make.
  const buffer = bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('utf8');
}

export const nodeRuntime: SealedResultRuntime = { decodeBase64, importKeys, inflateRaw, decodeUtf8 };
