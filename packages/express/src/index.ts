/** @fingerprint-guard/express: the guard as Express middleware (Express 4 and 5), and webhooks. */
import './augment.js';

export { fingerprintGuard } from './guard.js';
export type { ExpressDenialOptions, ExpressFingerprintGuardOptions, FingerprintRequest } from './guard.js';
export { fingerprintWebhook } from './webhook.js';
export type { FingerprintWebhookOptions, FingerprintWebhookRequest } from './webhook.js';

export {
  createCsideClient,
  createFingerprintGuard,
  createServerApiClient,
  createUnsealer,
  ERROR_STATUS,
  FingerprintGuardError,
  isFingerprintGuardError,
  MemoryReplayStore,
  verifyWebhookSignature,
} from '@fingerprint-guard/core';
export type {
  CsideResult,
  CsideVerifyResponse,
  DenyRules,
  Duration,
  Fingerprint,
  FingerprintEvent,
  FingerprintGuard,
  FingerprintGuardErrorCode,
  FingerprintGuardOptions,
  FingerprintProviderResult,
  FingerprintSignals,
  GuardDecision,
  GuardLogger,
  ReplayStore,
} from '@fingerprint-guard/core';
