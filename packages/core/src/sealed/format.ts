/** The sealed-result wire format and the default limits applied to it. */

/** `0x9E85DCED`: the only version header Fingerprint has issued (agents 3.x and 4.x alike). */
export const SEALED_HEADER = Uint8Array.of(0x9e, 0x85, 0xdc, 0xed);
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** Header + nonce + tag: anything shorter cannot be a sealed result. */
export const MIN_SEALED_BYTES = SEALED_HEADER.length + NONCE_BYTES + TAG_BYTES;

/** Default cap on the decoded sealed result. Real ones are 1–10 KB. */
export const DEFAULT_MAX_SEALED_BYTES = 64 * 1024;
/** Default cap on the inflated JSON. Real events are 2–30 KB; a bomb stops here. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

export function hasSealedHeader(bytes: Uint8Array): boolean {
  return (
    bytes[0] === SEALED_HEADER[0] &&
    bytes[1] === SEALED_HEADER[1] &&
    bytes[2] === SEALED_HEADER[2] &&
    bytes[3] === SEALED_HEADER[3]
  );
}
