/** The seam between the unsealing pipeline and a runtime's crypto, inflate and base64. */

export interface DecryptedSealedResult {
  plaintext: Uint8Array;
  /** Position of the key that authenticated the result, in the configured order. */
  keyIndex: number;
}

/** The per-unsealer half of a runtime: keys imported once, reused by every call. */
export interface SealedResultCipher {
  /**
   * Tries each key in order with AES-256-GCM (16-byte tag, the last 16 bytes of `body`).
   * Returns `undefined` when no key authenticates the input; never returns unverified bytes.
   */
  decrypt(nonce: Uint8Array, body: Uint8Array): DecryptedSealedResult | undefined | Promise<DecryptedSealedResult | undefined>;
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
