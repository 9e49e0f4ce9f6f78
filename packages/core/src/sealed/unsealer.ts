/** createUnsealer: the public, promise-answering unsealer over the checked opener. */
import type { FingerprintEvent, FingerprintEventV3 } from '../event/types.js';
import { createOpenerFor, type UnsealerOptions } from './opener.js';
import { toFingerprintEvent } from './payload.js';
import { isV3Payload, toFingerprintEventV3 } from './payload-v3.js';
import type { SealedResultRuntime } from './runtime.js';

export { UNSEALER_OPTIONS, type UnsealerOptions } from './opener.js';

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

// How each method finishes an authenticated payload: inside the opener, so no method adds a microtask.
const asEvent = (payload: unknown) => toFingerprintEvent(payload);
const asDetailed = (payload: unknown, keyIndex: number) => ({ event: toFingerprintEvent(payload), keyIndex });
const asAnyFormat = (payload: unknown, keyIndex: number): UnsealedAnyFormat =>
  isV3Payload(payload)
    ? { format: 'v3', event: toFingerprintEventV3(payload), keyIndex }
    : { format: 'v4', event: toFingerprintEvent(payload), keyIndex };
const asPayload = (payload: unknown, keyIndex: number) => ({ event: payload, keyIndex });

export function createUnsealerFor(runtime: SealedResultRuntime) {
  const createSealedOpener = createOpenerFor(runtime);
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
    const open = createSealedOpener(options);
    // Each method answers a promise, whatever the runtime: a synchronous throw becomes a rejection.
    return {
      unseal: async (sealed) => open(sealed, asEvent),
      unsealDetailed: async (sealed) => open(sealed, asDetailed),
      unsealAnyFormat: async (sealed) => open(sealed, asAnyFormat),
      unsealPayload: async (sealed) => open(sealed, asPayload),
    };
  };
}
