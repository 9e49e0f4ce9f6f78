/** Adds the guard's result to Fastify's request type (declaration merging), in Fastify 4 and 5 alike. */
import type { Fingerprint } from '@fingerprint-guard/core';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The verified identification, set by `fingerprintGuard()` / `fingerprintPlugin` before your
     * handler runs. Optional, as it is missing on a route no guard runs on and, behind a
     * `mode: 'monitor'` guard, when the request carried no valid credential. For a handler that
     * reads it as set, with no cast, use `withFingerprint(guard, handler)`.
     */
    fingerprint?: Fingerprint;
  }
}
