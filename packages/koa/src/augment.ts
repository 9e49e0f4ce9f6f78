/** Adds the guard's result to Koa's default state type, in Koa 2 and 3 alike. */
import type { Fingerprint } from '@fingerprint-guard/core';

declare module 'koa' {
  interface DefaultState {
    /** The verified identification, set by `fingerprintGuard()`. */
    fingerprint?: Fingerprint;
  }
}

export {};
