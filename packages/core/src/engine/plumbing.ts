/**
 * What a guard tells the adapter kit, under registered symbols (two copies of core in one process,
 * ESM and CJS, agree on them): plumbing, not part of the public `FingerprintGuardEngine` interface.
 */

/** Marks a guard that builds itself at first use: adapters then defer their checks of it too. */
export const LAZY_GUARD = Symbol.for('fingerprint-guard.lazy-guard');

/** Where a guard says what it needs of the adapter that runs it. */
export const ADAPTER_NEEDS = Symbol.for('fingerprint-guard.adapter-needs');

/** What a guard needs of its adapter. */
export interface AdapterNeeds {
  /** `bind.ip` or `fingerprint.edge` is on and no `clientIp` is configured: the adapter must supply `input.ip`. */
  clientIp: boolean;
  /** `bind.ip` or `fingerprint.edge` reads a `clientIp` preset that checks the connecting address: the adapter must supply `input.peer`. */
  peer: boolean;
}

/** What `guard` needs of its adapter; nothing for a guard that does not say (one of your own). */
export function adapterNeeds(guard: object): AdapterNeeds | undefined {
  return (guard as { [ADAPTER_NEEDS]?: AdapterNeeds })[ADAPTER_NEEDS];
}
