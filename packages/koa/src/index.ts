/** @fingerprint-guard/koa: the guard as Koa middleware (Koa 2 and 3), and webhooks. */
import './augment.js';

export { fingerprintGuard } from './guard.js';
export type { FingerprintContext, FingerprintState, KoaAdapterOptions, KoaFingerprintGuardOptions } from './guard.js';
export { fingerprintWebhook } from './webhook.js';
export type { FingerprintWebhookOptions } from './webhook.js';

// One install is enough: everything the core exports is available from the adapter too.
export * from '@fingerprint-guard/core';
