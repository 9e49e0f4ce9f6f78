/** resolveGuard: what an adapter is given (options with its own, a guard, or a function of either), checked and built once. */
import { configError } from '../errors.js';
import { createFingerprintGuard } from '../engine/engine.js';
import { adapterNeeds, LAZY_GUARD } from '../engine/plumbing.js';
import type { FingerprintGuardEngine } from '../guard/types.js';
import { readOptions } from '../options/from-function.js';
import { GUARD_OPTIONS } from '../options/guard-schema.js';
import { checkOptions, type OptionSchema } from '../schema/schema.js';
import type { FingerprintGuardOptions, GuardSource } from '../options/types.js';
import type { GuardMode } from '../result/decision.js';
import { isConfigError, refusingGuard } from './unconfigured.js';

export function isGuard<Req>(value: unknown): value is FingerprintGuardEngine<Req, GuardMode> {
  return typeof (value as FingerprintGuardEngine | null)?.decide === 'function';
}

export interface ResolvedGuard<Req, Extra> {
  guard: FingerprintGuardEngine<Req, GuardMode>;
  adapter: Partial<Extra>;
}

/**
 * An adapter's options are the guard's plus a few of its own (`onDenied`, …), whose schema is
 * `adapterOptions`: this checks them all in one walk (an unknown name anywhere is
 * `CONFIG_INVALID` with the closest of the guard's and the adapter's names), builds the guard
 * from the guard's part, or takes an already-built guard with the adapter's options given apart
 * (`separate`, checked against `adapterOptions`). `providesIp`: whether the framework supplies
 * the client IP; a guard with `bind.ip` and no `clientIp` is `CONFIG_INVALID` on an adapter that
 * does not. `providesPeer` (default true): whether the adapter gives the connecting address
 * (`input.peer`); a `clientIp` preset that checks it is `CONFIG_INVALID` on one that does not.
 *
 * Returns a function that gives the guard and the adapter's options. Options and guards are
 * checked here, at start-up; a function (or a guard built from one) is resolved, and checked, at
 * the first call, so that a module can be loaded without its secrets. Until it resolves, the
 * function gives a guard that refuses every request with the `CONFIG_INVALID` error: adapters
 * decide with `decideOrRefuse`, which answers it as a 500 denial.
 *
 * @example
 * const DENIAL_OPTIONS = { onDenied: isFunction } as const satisfies OptionSchema<MyAdapterOptions>;
 * const current = resolveGuard(options, DENIAL_OPTIONS, denial, { providesIp: true });
 */
export function resolveGuard<Req, Extra extends object>(
  source: GuardSource<Req, Extra>,
  adapterOptions: OptionSchema<Extra>,
  separate: Extra | undefined,
  { providesIp, providesPeer = true }: { providesIp: boolean; providesPeer?: boolean },
): () => ResolvedGuard<Req, Extra> {
  type Given = (FingerprintGuardOptions<Req> & Extra) | FingerprintGuardEngine<Req, GuardMode>;
  const allOptions = { ...GUARD_OPTIONS, ...adapterOptions } as OptionSchema<FingerprintGuardOptions<Req> & Extra>;
  if (separate !== undefined) checkOptions(separate, adapterOptions, 'the adapter');
  const resolve = (options: Given): ResolvedGuard<Req, Extra> => {
    let guard: FingerprintGuardEngine<Req, GuardMode>;
    const adapter: Partial<Extra> = { ...separate };
    if (isGuard<Req>(options)) {
      guard = options;
    } else {
      checkOptions(options, allOptions, 'the guard');
      const guardOptions: Record<string, unknown> = { ...(options as object) };
      for (const name of Object.keys(adapterOptions)) {
        if (name in guardOptions) (adapter as Record<string, unknown>)[name] = guardOptions[name];
        delete guardOptions[name];
      }
      guard = createFingerprintGuard(guardOptions as FingerprintGuardOptions<Req>);
    }
    // In this order: asking a lazily configured guard what it needs builds it, needlessly where the framework gives the IP.
    const needs = !providesIp || !providesPeer ? adapterNeeds(guard) : undefined;
    if (!providesIp && needs?.clientIp) {
      throw configError(
        'bind.ip and fingerprint.edge need the client IP, and this framework gives none: pass clientIp: (request) => … or an ipFrom preset (never a header a client can set).',
      );
    }
    if (!providesPeer && needs?.peer) {
      throw configError(
        'this clientIp preset trusts its header only from a known connecting address, and this framework gives none, so a client could set it: use a preset of your platform (ipFrom.vercel()), or clientIp: (request) => … reading a header only your proxy sets.',
      );
    }
    return { guard, adapter };
  };
  const lazy = typeof source === 'function' || (LAZY_GUARD in (source as object) && isGuard(source));
  if (!lazy) {
    const resolved = resolve(source as Given);
    return () => resolved;
  }
  let resolved: ResolvedGuard<Req, Extra> | undefined;
  const read = typeof source === 'function' ? source : () => source as Given;
  return () => {
    if (resolved) return resolved;
    try {
      resolved = resolve(readOptions(read));
      return resolved;
    } catch (error) {
      if (!isConfigError(error)) throw error;
      // Not kept: the next request reads the options again, so a fixed environment takes effect.
      return { guard: refusingGuard<Req>(error), adapter: { ...separate } };
    }
  };
}
