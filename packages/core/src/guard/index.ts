/** The guard engine's public surface. */
export { createFingerprintGuard } from './engine.js';
export {
  CSIDE_TOKEN_FIELD,
  CSIDE_TOKEN_HEADER,
  EVENT_ID_FIELD,
  EVENT_ID_HEADER,
  SEALED_RESULT_FIELD,
  SEALED_RESULT_HEADER,
} from './credential.js';
export { SIGNAL_NAMES } from './signal-names.js';
export type * from './types.js';
