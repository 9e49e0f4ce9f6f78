/** @fingerprint-guard/hono: the guard as Hono middleware (Hono 4) on Node and Web-standard runtimes, and webhooks. */
import './augment.js';

export { fingerprintGuard } from './guard.js';
export type { FingerprintEnv, FingerprintVariables, HonoAdapterOptions, HonoFingerprintGuardOptions } from './guard.js';
export { clientIpFromConnInfo } from './client-ip.js';
export type { ConnInfoReader } from './client-ip.js';
export { fingerprintWebhook } from './webhook.js';
export type { FingerprintWebhookEnv, FingerprintWebhookOptions } from './webhook.js';

// One install is enough: everything the core exports is available from the adapter too.
export * from '@fingerprint-guard/core';
