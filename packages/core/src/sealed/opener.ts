/** The checked path from a sealed result to its parsed payload, synchronous wherever the runtime is. */
import { FingerprintGuardError } from '../errors.js';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_MAX_SEALED_BYTES,
  hasSealedHeader,
  MIN_SEALED_BYTES,
  NONCE_BYTES,
  SEALED_HEADER,
} from './format.js';
import { decodeKeys, type SealedResultKey } from './keys.js';
import { parsePayload } from './payload.js';
import type { SealedResultRuntime } from './runtime.js';
import { wholeNumber } from '../schema/checks.js';
import { checkOptions, type OptionSchema } from '../schema/schema.js';

export type MaybePromise<T> = T | Promise<T>;

export interface UnsealerOptions {
  /**
   * Decryption keys, tried in order: during a rotation list the new key and the old one.
   * Base64 as the dashboard shows it, or 32 raw bytes.
   */
  keys: SealedResultKey | readonly SealedResultKey[];
  /** Largest decoded sealed result accepted, checked before decoding. Default 65,536 (64 KiB). */
  maxSealedBytes?: number;
  /** Largest inflated JSON accepted; inflating stops there. Default 1,048,576 (1 MiB). */
  maxPayloadBytes?: number;
}

/** `createUnsealer`'s options, which the guard's `fingerprint` options include. */
export const UNSEALER_OPTIONS = {
  keys: true,
  maxSealedBytes: wholeNumber(MIN_SEALED_BYTES, undefined, 'bytes'),
  maxPayloadBytes: wholeNumber(2, undefined, 'bytes'),
} as const satisfies OptionSchema<UnsealerOptions>;

/** What turns an authenticated payload into the caller's answer (a v4 event, either format…). */
export type Finish<T> = (payload: unknown, keyIndex: number) => T;

/** Opens a sealed result; throws, or rejects, with a `FingerprintGuardError` (`SEALED_RESULT_*`). */
export type SealedOpener = <T>(sealed: string | Uint8Array, finish: Finish<T>) => MaybePromise<T>;

interface Decrypted {
  plaintext: Uint8Array;
  keyIndex: number;
}

/**
 * Keys are checked and imported once, here; a bad key throws `CONFIG_INVALID` naming its
 * position, never its value. On Node every step answers synchronously, so the opener returns
 * the answer itself: a guard pays no promise and no microtask for unsealing.
 */
export function createOpenerFor(runtime: SealedResultRuntime) {
  return function createSealedOpener(options: UnsealerOptions): SealedOpener {
    checkOptions(options, UNSEALER_OPTIONS, 'createUnsealer');
    const maxSealedBytes = options.maxSealedBytes ?? DEFAULT_MAX_SEALED_BYTES;
    const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const cipher = runtime.importKeys(decodeKeys(options.keys));
    // The key that opened the last result is tried first: during a rotation most traffic
    // comes with one key, so it costs one decryption instead of one per key listed before it.
    let lastKeyIndex = 0;

    /**
     * Tries every key, the last one that matched first; `keyIndex` keeps the configured order.
     * Synchronous while the cipher answers synchronously (Node's): no promise, no microtask.
     */
    function decrypt(
      nonce: Uint8Array,
      body: Uint8Array,
      first = lastKeyIndex,
      attempt = 0,
    ): MaybePromise<Decrypted | undefined> {
      for (; attempt < cipher.keyCount; attempt++) {
        const keyIndex = (first + attempt) % cipher.keyCount;
        const opened = cipher.decryptWith(keyIndex, nonce, body);
        if (opened instanceof Promise) {
          const next = attempt + 1;
          return opened.then((plaintext) =>
            plaintext === undefined ? decrypt(nonce, body, first, next) : matched(plaintext, keyIndex),
          );
        }
        if (opened !== undefined) return matched(opened, keyIndex);
      }
      return undefined;
    }
    function matched(plaintext: Uint8Array, keyIndex: number): Decrypted {
      lastKeyIndex = keyIndex;
      return { plaintext, keyIndex };
    }
    // Longest base64 text that can decode to maxSealedBytes, padding included.
    const maxSealedChars = Math.ceil(maxSealedBytes / 3) * 4;

    function decode(sealed: string | Uint8Array): Uint8Array {
      if (typeof sealed === 'string') {
        if (sealed.length > maxSealedChars) throw tooLarge(maxSealedBytes);
        const bytes = runtime.decodeBase64(sealed);
        if (bytes === undefined) {
          throw new FingerprintGuardError('SEALED_RESULT_MALFORMED', 'The sealed result is not valid base64.');
        }
        return bytes;
      }
      if (sealed instanceof Uint8Array) {
        if (sealed.byteLength > maxSealedBytes) throw tooLarge(maxSealedBytes);
        return sealed;
      }
      throw new FingerprintGuardError('SEALED_RESULT_MALFORMED', 'The sealed result must be a base64 string.');
    }

    /**
     * The whole pipeline, synchronous wherever the runtime is (Node): a guard pays no promise for
     * it. Throws, or rejects, with a `FingerprintGuardError`.
     */
    function open<T>(sealed: string | Uint8Array, finish: Finish<T>): MaybePromise<T> {
      const bytes = decode(sealed);
      if (bytes.byteLength > maxSealedBytes) throw tooLarge(maxSealedBytes);
      if (bytes.byteLength < MIN_SEALED_BYTES) {
        throw new FingerprintGuardError(
          'SEALED_RESULT_MALFORMED',
          `The sealed result is ${bytes.byteLength} bytes; header, nonce and tag alone take ${MIN_SEALED_BYTES}.`,
        );
      }
      if (!hasSealedHeader(bytes)) {
        throw new FingerprintGuardError(
          'SEALED_RESULT_UNSUPPORTED_VERSION',
          'The sealed result does not start with the 0x9E85DCED version header.',
        );
      }
      const nonce = bytes.subarray(SEALED_HEADER.length, SEALED_HEADER.length + NONCE_BYTES);
      const decrypted = decrypt(nonce, bytes.subarray(SEALED_HEADER.length + NONCE_BYTES));
      return decrypted instanceof Promise ? decrypted.then((d) => read(d, finish)) : read(decrypted, finish);
    }

    /** Inflates and parses what a key authenticated. */
    function read<T>(decrypted: Decrypted | undefined, finish: Finish<T>): MaybePromise<T> {
      if (decrypted === undefined) {
        throw new FingerprintGuardError(
          'SEALED_RESULT_DECRYPTION_FAILED',
          'No configured key authenticates the sealed result: it was tampered with, or sealed with another key.',
        );
      }
      const { plaintext, keyIndex } = decrypted;
      const inflated = runtime.inflateRaw(plaintext, maxPayloadBytes);
      if (inflated instanceof Promise) return inflated.then((bytes) => parse(bytes, finish, keyIndex));
      return parse(inflated, finish, keyIndex);
    }

    function parse<T>(inflated: Uint8Array, finish: Finish<T>, keyIndex: number): T {
      return finish(parsePayload(runtime.decodeUtf8(inflated)), keyIndex);
    }

    return open;
  };
}

function tooLarge(maxSealedBytes: number): FingerprintGuardError {
  return new FingerprintGuardError(
    'SEALED_RESULT_TOO_LARGE',
    `The sealed result is larger than maxSealedBytes (${maxSealedBytes} bytes).`,
  );
}
