/** Adds the guard's result to Fastify's request type (declaration merging), in Fastify 4 and 5 alike. */
import type { Fingerprint } from '@fingerprint-guard/core';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The verified identification, set by `fingerprintGuard()` / `fingerprintPlugin` before your
     * handler runs. Typed as always present, as Fastify's own decorators are: read it on routes
     * behind an enforcing guard. Elsewhere it is `null` (the plugin's decoration) or absent, and
     * behind a `mode: 'monitor'` guard it is absent when the request carried no valid credential.
     */
    fingerprint: Fingerprint;
  }
}
