/** @fingerprint-guard/core: unsealing, the replay-store contract and the guard engine. */
export { createUnsealer, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_SEALED_BYTES } from './sealed/index.js';
export type { SealedResultKey, Unsealer, UnsealerOptions, UnsealedResult } from './sealed/index.js';
export { createFingerprintGuard, SEALED_RESULT_FIELD, SEALED_RESULT_HEADER } from './guard/index.js';
export type * from './guard/index.js';
export { MemoryReplayStore } from './replay/memory.js';
export type { MemoryReplayStoreOptions } from './replay/memory.js';
export type { ReplayStore } from './replay/types.js';
export { ERROR_STATUS, FingerprintGuardError, isFingerprintGuardError } from './errors.js';
export type { FingerprintGuardErrorCode, FingerprintGuardErrorOptions } from './errors.js';
export { toMilliseconds } from './duration.js';
export type { Duration } from './duration.js';
export { withTimeout } from './timeout.js';
export type * from './event/types.js';
