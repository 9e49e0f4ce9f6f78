/** Adds the guard's results to Express's request type, in Express 4 and 5 alike. */
import type { Fingerprint, FingerprintWebhookEvent } from '@fingerprint-guard/core';

declare global {
  // Express types its request through this global namespace, in version 4 and 5 alike.
  namespace Express {
    interface Request {
      /** The verified identification, set by `fingerprintGuard()`. Use `FingerprintRequest` behind the guard. */
      fingerprint?: Fingerprint;
      /** The verified webhook event, set by `fingerprintWebhook()`. */
      fingerprintWebhookEvent?: FingerprintWebhookEvent;
    }
  }
}
