/** @fingerprint-guard/core: unsealing, provider clients, replay stores and the guard engine. */
export { createUnsealer, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_SEALED_BYTES } from './sealed/index.js';
export type { SealedResultKey, Unsealer, UnsealerOptions, UnsealedResult } from './sealed/index.js';
export { ERROR_STATUS, FingerprintGuardError, isFingerprintGuardError } from './errors.js';
export type { FingerprintGuardErrorCode, FingerprintGuardErrorOptions } from './errors.js';
export type * from './event/types.js';
