/** Adds the guard's results to Koa's default state type, in Koa 2 and 3 alike. */
import type { Fingerprint, FingerprintWebhookEvent } from '@fingerprint-guard/core';

declare module 'koa' {
  interface DefaultState {
    /** The verified identification, set by `fingerprintGuard()`. */
    fingerprint?: Fingerprint;
    /** The verified webhook event, set by `fingerprintWebhook()`. */
    fingerprintWebhookEvent?: FingerprintWebhookEvent;
  }
}
