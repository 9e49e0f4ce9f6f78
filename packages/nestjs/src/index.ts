/** @fingerprint-guard/nestjs: FingerprintGuard for @UseGuards or APP_GUARD, @SkipFingerprint(), the @Fingerprint() parameter and FingerprintGuardModule (NestJS 10 and 11, Express and Fastify), and webhooks. */
export { FingerprintGuardModule } from './module.js';
export { FingerprintGuard, FingerprintOptions } from './guard.js';
export { SkipFingerprint } from './skip.js';
export { Fingerprint, FingerprintWebhookEvent } from './decorators.js';
export { FingerprintGuardException } from './exception.js';
export { fingerprintWebhook, FingerprintWebhookInterceptor } from './webhook.js';
export type { FingerprintWebhookOptions } from './webhook.js';
export type {
  FingerprintGuardModuleAsyncOptions,
  FingerprintHttpRequest,
  FingerprintRouteOptions,
  ModuleOptions,
  NestAdapterOptions,
  NestFingerprintGuardOptions,
} from './types.js';

// One install is enough: everything the core exports is available from the adapter too
// (`Fingerprint` above takes the place of core's type of that name; core's guard is `FingerprintGuardEngine`).
export * from '@fingerprint-guard/core';
