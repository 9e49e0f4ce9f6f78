/** A guard that builds itself at its first use, so that a module can be loaded without its secrets. */
import type { FingerprintGuard } from './types.js';
import type { GuardMode } from '../result/decision.js';

/** Marks a guard that builds itself at first use: adapters then defer their checks of it too. */
export const LAZY_GUARD = Symbol.for('fingerprint-guard.lazy-guard');

/** A guard that calls `build` at its first use, and again after a build that threw. */
export function lazyGuard<Req, M extends GuardMode>(build: () => FingerprintGuard<Req, M>): FingerprintGuard<Req, M> {
  let built: FingerprintGuard<Req, M> | undefined;
  const get = () => (built ??= build());
  return {
    [LAZY_GUARD]: true,
    get mode() {
      return get().mode;
    },
    get needsAdapterIp() {
      return get().needsAdapterIp;
    },
    decide: async (request, input) => get().decide(request, input),
    verify: async (request, input) => get().verify(request, input),
  } as FingerprintGuard<Req, M>;
}
