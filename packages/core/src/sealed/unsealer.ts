/** createUnsealer: the checked pipeline from a sealed result to a v4 event, runtime-agnostic. */
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEvent, FingerprintEventV3 } from '../event/types.js';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_MAX_SEALED_BYTES,
  hasSealedHeader,
  MIN_SEALED_BYTES,
  NONCE_BYTES,
  SEALED_HEADER,
} from './format.js';
import { decodeKeys, type SealedResultKey } from './keys.js';
import { parsePayload, toFingerprintEvent } from './payload.js';
import { isV3Payload, toFingerprintEventV3 } from './payload-v3.js';
import type { SealedResultRuntime } from './runtime.js';
import { wholeNumber } from '../schema/checks.js';
import { checkOptions, type OptionSchema } from '../schema/schema.js';

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

/** An authenticated result together with the position of the key that opened it. */
export interface UnsealedResult<T> {
  /** The v4 event (`unsealDetailed`) or the parsed JSON, whatever its shape (`unsealPayload`). */
  event: T;
  /** Index into `keys` of the key that authenticated it: 0 is the first key listed. */
  keyIndex: number;
}

export interface Unsealer {
  /**
   * Authenticates, inflates and parses a sealed result, and checks that it is a v4 event.
   * `sealed` is the agent's base64 `sealed_result`, or its decoded bytes.
   * Rejects with a `FingerprintGuardError` (`SEALED_RESULT_*`).
   */
  unseal(sealed: string | Uint8Array): Promise<FingerprintEvent>;
  /** As `unseal`, and tells which key matched: count `keyIndex > 0` to see who still uses an old key. */
  unsealDetailed(sealed: string | Uint8Array): Promise<UnsealedResult<FingerprintEvent>>;
  /**
   * As `unsealDetailed`, for agents 3.x and 4.x alike: a v4 event (`format: 'v4'`) or a 3.x
   * agent's v3 `{ products }` response (`format: 'v3'`), each shape-checked.
   */
  unsealAnyFormat(sealed: string | Uint8Array): Promise<UnsealedAnyFormat>;
  /** Authenticates, inflates and parses, without any shape check: for debugging. */
  unsealPayload(sealed: string | Uint8Array): Promise<UnsealedResult<unknown>>;
}

/** What `unsealAnyFormat` resolves: narrow on `format` for the event's type. */
export type UnsealedAnyFormat =
  | (UnsealedResult<FingerprintEvent> & { format: 'v4' })
  | (UnsealedResult<FingerprintEventV3> & { format: 'v3' });

// How each method finishes an authenticated payload: in `open` itself, so no method adds a microtask.
const asEvent = (payload: unknown) => toFingerprintEvent(payload);
const asDetailed = (payload: unknown, keyIndex: number) => ({ event: toFingerprintEvent(payload), keyIndex });
const asAnyFormat = (payload: unknown, keyIndex: number): UnsealedAnyFormat =>
  isV3Payload(payload)
    ? { format: 'v3', event: toFingerprintEventV3(payload), keyIndex }
    : { format: 'v4', event: toFingerprintEvent(payload), keyIndex };
const asPayload = (payload: unknown, keyIndex: number) => ({ event: payload, keyIndex });

export function createUnsealerFor(runtime: SealedResultRuntime) {
  /**
   * Builds an unsealer for Fingerprint Sealed Client Results. Keys are checked and imported
   * once, here; a bad key throws `CONFIG_INVALID` naming its position, never its value.
   *
   * @example
   * const unsealer = createUnsealer({ keys: [process.env.FP_KEY_NEW!, process.env.FP_KEY_OLD!] });
   * const event = await unsealer.unseal(req.body.sealed_result);
   * event.identification?.visitor_id;
   */
  return function createUnsealer(options: UnsealerOptions): Unsealer {
    checkOptions(options, UNSEALER_OPTIONS, 'createUnsealer');
    const maxSealedBytes = options.maxSealedBytes ?? DEFAULT_MAX_SEALED_BYTES;
    const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const cipher = runtime.importKeys(decodeKeys(options.keys));
    // The key that opened the last result is tried first: during a rotation most traffic
    // comes with one key, so it costs one decryption instead of one per key listed before it.
    let lastKeyIndex = 0;

    /** Tries every key, the last one that matched first; `keyIndex` keeps the configured order. */
    async function decrypt(
      nonce: Uint8Array,
      body: Uint8Array,
    ): Promise<{ plaintext: Uint8Array; keyIndex: number } | undefined> {
      for (let attempt = 0; attempt < cipher.keyCount; attempt++) {
        const keyIndex = (lastKeyIndex + attempt) % cipher.keyCount;
        const opened = cipher.decryptWith(keyIndex, nonce, body);
        // The Node cipher answers synchronously: awaiting only a promise spares a microtask per key.
        const plaintext = opened instanceof Promise ? await opened : opened;
        if (plaintext !== undefined) {
          lastKeyIndex = keyIndex;
          return { plaintext, keyIndex };
        }
      }
      return undefined;
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

    /** The whole pipeline in one async function: each nested one would add a microtask. */
    async function open<T>(sealed: string | Uint8Array, finish: (payload: unknown, keyIndex: number) => T): Promise<T> {
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
      const decrypted = await decrypt(nonce, bytes.subarray(SEALED_HEADER.length + NONCE_BYTES));
      if (decrypted === undefined) {
        throw new FingerprintGuardError(
          'SEALED_RESULT_DECRYPTION_FAILED',
          'No configured key authenticates the sealed result: it was tampered with, or sealed with another key.',
        );
      }
      const inflated = await runtime.inflateRaw(decrypted.plaintext, maxPayloadBytes);
      const payload = parsePayload(runtime.decodeUtf8(inflated));
      return finish(payload, decrypted.keyIndex);
    }

    return {
      unseal: (sealed) => open(sealed, asEvent),
      unsealDetailed: (sealed) => open(sealed, asDetailed),
      unsealAnyFormat: (sealed) => open(sealed, asAnyFormat),
      unsealPayload: (sealed) => open(sealed, asPayload),
    };
  };
}

function tooLarge(maxSealedBytes: number): FingerprintGuardError {
  return new FingerprintGuardError(
    'SEALED_RESULT_TOO_LARGE',
    `The sealed result is larger than maxSealedBytes (${maxSealedBytes} bytes).`,
  );
}
