/** @fingerprint-guard/express: the guard as Express middleware (Express 4 and 5), and webhooks. */
import './augment.js';

export { fingerprintGuard } from './guard.js';
export type { ExpressAdapterOptions, ExpressFingerprintGuardOptions, FingerprintRequest } from './guard.js';
export { withFingerprint } from './with-fingerprint.js';
export type { ExpressGuardSource, FingerprintHandler } from './with-fingerprint.js';
export { fingerprintWebhook } from './webhook.js';
export type { FingerprintWebhookOptions, FingerprintWebhookRequest } from './webhook.js';

// One install is enough: everything the core exports is available from the adapter too.
export * from '@fingerprint-guard/core';
