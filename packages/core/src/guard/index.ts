/** The guard engine's public surface. */
export { createFingerprintGuard } from './engine.js';
export { SEALED_RESULT_FIELD, SEALED_RESULT_HEADER } from './credential.js';
export type * from './types.js';
