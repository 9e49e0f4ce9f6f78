/** @fingerprint-guard/fastify: the guard as a Fastify preHandler hook and plugin (Fastify 4 and 5), and webhooks. */
import './augment.js';

export { fingerprintGuard } from './guard.js';
export type { FastifyAdapterOptions, FastifyFingerprintGuardOptions, FingerprintPreHandler } from './guard.js';
export { withFingerprint } from './with-fingerprint.js';
export type { FastifyGuardSource, FingerprintRoute, FingerprintRouteHandler } from './with-fingerprint.js';
export { fingerprintPlugin } from './plugin.js';
export type { FingerprintPluginOptions } from './plugin.js';
export { fingerprintWebhook } from './webhook.js';
export type { FingerprintWebhookOptions } from './webhook.js';

// One install is enough: everything the core exports is available from the adapter too.
export * from '@fingerprint-guard/core';
