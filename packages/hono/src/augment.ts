/** Types `c.get('fingerprint')` in every Hono handler, through Hono's ContextVariableMap. */
import type { Fingerprint, FingerprintWebhookEvent } from '@fingerprint-guard/core';

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * The verified identification, set by `fingerprintGuard()`. Optional here, where any handler
     * may read it; required (`Fingerprint`) in the routes the middleware's own type reaches
     * (`app.post(path, fingerprintGuard(…), handler)`, or a `new Hono<FingerprintEnv>()`).
     */
    fingerprint?: Fingerprint;
    /** The verified webhook event, set by `fingerprintWebhook()`. */
    fingerprintWebhookEvent?: FingerprintWebhookEvent;
  }
}
