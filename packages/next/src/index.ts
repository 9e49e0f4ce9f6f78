/** @fingerprint-guard/next: the guard for Next.js App Router route handlers (Next 15 and 16). */
export { verifyFingerprint, withFingerprint } from './guard.js';
export type { FingerprintRouteContext, NextGuardOptions } from './guard.js';

// One install is enough: everything the core exports is available from the adapter too.
export * from '@fingerprint-guard/core';
