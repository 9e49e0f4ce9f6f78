/** @fingerprint-guard/next: the guard for Next.js App Router route handlers (Next 15 and 16), and webhooks. */
export { verifyFingerprint, withFingerprint } from './guard.js';
export type {
  FingerprintRouteContext,
  NextAdapterOptions,
  NextFingerprintGuardOptions,
  NextGuardSource,
} from './guard.js';
export { fingerprintWebhook } from './webhook.js';
export type { FingerprintWebhookOptions } from './webhook.js';

// One install is enough: everything the core exports is available from the adapter too.
export * from '@fingerprint-guard/core';
