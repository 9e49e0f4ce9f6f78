/** The Web-standard implementation of the unsealing seam: WebCrypto, atob, TextDecoder. */
import { FingerprintGuardError } from '../errors.js';
import { expectedDecodedLength } from './base64.js';
import { TAG_BYTES } from './format.js';
import type { SealedResultCipher, SealedResultRuntime } from './runtime.js';

/** A bounded raw inflate: the one part that differs between Web-standard runtimes. */
export type BoundedInflate = (data: Uint8Array, maxBytes: number) => Uint8Array | Promise<Uint8Array>;

/** atob throws on characters outside the alphabet but drops whitespace: the length check catches that. */
function decodeBase64(text: string): Uint8Array | undefined {
  const expected = expectedDecodedLength(text);
  if (expected === undefined) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  if (binary.length !== expected) return undefined;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function importKeys(keys: readonly Uint8Array[]): SealedResultCipher {
  // Imported once, on first use (WebCrypto's import is asynchronous); never extractable.
  let imported: Promise<CryptoKey[]> | undefined;
  const cryptoKeys = () =>
    (imported ??= Promise.all(
      keys.map((key) =>
        crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['decrypt']),
      ),
    ));
  return {
    keyCount: keys.length,
    async decryptWith(keyIndex, nonce, body) {
      const key = (await cryptoKeys())[keyIndex]!;
      try {
        // All-or-nothing: WebCrypto returns plaintext only after the 16-byte tag verifies.
        const params = { name: 'AES-GCM', iv: nonce as Uint8Array<ArrayBuffer>, tagLength: TAG_BYTES * 8 };
        return new Uint8Array(await crypto.subtle.decrypt(params, key, body as Uint8Array<ArrayBuffer>));
      } catch {
        return undefined; // This key does not authenticate the result.
      }
    },
  };
}

const utf8 = new TextDecoder();

export function createWebRuntime(inflateRaw: BoundedInflate): SealedResultRuntime {
  return { decodeBase64, importKeys, inflateRaw, decodeUtf8: (bytes) => utf8.decode(bytes) };
}

export function inflateTooLarge(maxBytes: number): FingerprintGuardError {
  return new FingerprintGuardError(
    'SEALED_RESULT_TOO_LARGE',
    `The sealed result inflates to more than maxPayloadBytes (${maxBytes} bytes).`,
  );
}

export function notDeflated(cause?: unknown): FingerprintGuardError {
  return new FingerprintGuardError(
    'SEALED_RESULT_INVALID_PAYLOAD',
    'The sealed result is not raw-deflate compressed.',
    { cause },
  );
}
