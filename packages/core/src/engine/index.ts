/** The guard's public surface: the engine, its options, the credentials it reads and the results it hands back. */
export { createFingerprintGuard } from './engine.js';
export {
  CSIDE_TOKEN_FIELD,
  CSIDE_TOKEN_HEADER,
  EVENT_ID_FIELD,
  EVENT_ID_HEADER,
  SEALED_RESULT_FIELD,
  SEALED_RESULT_HEADER,
} from '../guard/credential.js';
export { SIGNAL_NAMES } from '../result/signals.js';
export type * from '../guard/types.js';
export type * from '../options/types.js';
export type * from '../result/fingerprint.js';
export type * from '../result/decision.js';
export type { BotIdentity } from '../result/bot-identity.js';
export type { FingerprintSignals, SignalName } from '../result/signals.js';
export type { GuardLogger } from '../logger.js';
