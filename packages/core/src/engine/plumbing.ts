/**
 * What a guard tells the adapter kit, under registered symbols (two copies of core in one process,
 * ESM and CJS, agree on them): plumbing, not part of the public `FingerprintGuardEngine` interface.
 */
import type { FingerprintGuardEngine, GuardRequest } from '../guard/types.js';
import type { GuardDecision, GuardMode } from '../result/decision.js';

/** Marks a guard that builds itself at first use: adapters then defer their checks of it too. */
export const LAZY_GUARD = Symbol.for('fingerprint-guard.lazy-guard');

/** Where a lazy guard gives the guard it built, without building one. */
export const BUILT_GUARD = Symbol.for('fingerprint-guard.built-guard');

/** Where a guard says what it needs of the adapter that runs it. */
export const ADAPTER_NEEDS = Symbol.for('fingerprint-guard.adapter-needs');

/**
 * Where a guard decides without a promise when it can: `(request, input) => decision | promise`,
 * never throwing. Adapters use it through `decideOrRefuse`, so that a request the guard lets through
 * synchronously reaches the route in the same tick.
 */
export const DECIDE_NOW = Symbol.for('fingerprint-guard.decide-now');

/** What a guard needs of its adapter. */
export interface AdapterNeeds {
  /** `bind.ip` or `fingerprint.edge` is on and no `clientIp` is configured: the adapter must supply `input.ip`. */
  clientIp: boolean;
  /** `bind.ip` or `fingerprint.edge` reads a `clientIp` preset that checks the connecting address: the adapter must supply `input.peer`. */
  peer: boolean;
  /**
   * The header the guard looks at first: when a request carries it, no body field can change the
   * decision, so an adapter that reads bodies itself need not wait for one. `undefined` with
   * `getCredential` (yours finds the credential) or without a provider of credentials.
   */
  credentialHeader: string | undefined;
}

/** What `guard` needs of its adapter; nothing for a guard that does not say (one of your own). */
export function adapterNeeds(guard: object): AdapterNeeds | undefined {
  return (guard as { [ADAPTER_NEEDS]?: AdapterNeeds })[ADAPTER_NEEDS];
}

/**
 * `guard` itself, or for a lazy guard the guard it built: `undefined` until it built one (asking
 * never builds it, nor runs a function that failed to build it again).
 */
export function builtGuard(guard: object): object | undefined {
  return LAZY_GUARD in guard ? (guard as { [BUILT_GUARD]?: object })[BUILT_GUARD] : guard;
}

/** A guard's decision, or a promise of it where a stage answered one. */
export type DecideNow<Req> = (request: Req, input: GuardRequest | undefined) => GuardDecision | Promise<GuardDecision>;

/** `guard.decide`, or the decision itself where the guard can give it without a promise (a guard of this version of core). */
export function decideNow<Req>(
  guard: FingerprintGuardEngine<Req, GuardMode>,
  request: Req,
  input: GuardRequest | undefined,
): GuardDecision | Promise<GuardDecision> {
  const now = (guard as { [DECIDE_NOW]?: DecideNow<Req> })[DECIDE_NOW];
  return now ? now(request, input) : guard.decide(request, input);
}
