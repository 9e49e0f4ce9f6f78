/** The seam between the unsealing pipeline and a runtime's crypto, inflate and base64. */

/** The per-unsealer half of a runtime: keys imported once, reused by every call. */
export interface SealedResultCipher {
  readonly keyCount: number;
  /**
   * AES-256-GCM with the key at `keyIndex` (16-byte tag, the last 16 bytes of `body`): the
   * plaintext, or `undefined` when that key does not authenticate the input. Never unverified bytes.
   */
  decryptWith(
    keyIndex: number,
    nonce: Uint8Array,
    body: Uint8Array,
  ): Uint8Array | undefined | Promise<Uint8Array | undefined>;
}

/** What a runtime (Node, Web-standard) provides to the unsealing pipeline. */
export interface SealedResultRuntime {
  /** Strict base64: `undefined` for any character outside the alphabet or misplaced padding. */
  decodeBase64(text: string): Uint8Array | undefined;
  importKeys(keys: readonly Uint8Array[]): SealedResultCipher;
  /**
   * Raw-deflate inflate that stops at `maxBytes` without allocating past it. Throws
   * `SEALED_RESULT_TOO_LARGE` at the limit and `SEALED_RESULT_INVALID_PAYLOAD` on corrupt input.
   */
  inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array | Promise<Uint8Array>;
  decodeUtf8(bytes: Uint8Array): string;
}
