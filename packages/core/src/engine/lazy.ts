/** A guard that builds itself at its first use, so that a module can be loaded without its secrets. */
import type { FingerprintGuardEngine, GuardRequest } from '../guard/types.js';
import type { GuardMode } from '../result/decision.js';
import { ADAPTER_NEEDS, adapterNeeds, BUILT_GUARD, DECIDE_NOW, decideNow, LAZY_GUARD } from './plumbing.js';

/**
 * A guard that calls `build` at its first use, and again after a build that threw. Until it is
 * built, `decide` and `verify` reject with the build's error, and reading `mode` or
 * what it needs of its adapter never throws (a guard that cannot be built refuses every request: `'enforce'`,
 * no IP needed), so that code that only inspects the guard does not fail: NestJS 10 serialises a
 * module's providers to name the module.
 */
export function lazyGuard<Req, M extends GuardMode>(
  build: () => FingerprintGuardEngine<Req, M>,
): FingerprintGuardEngine<Req, M> {
  let built: FingerprintGuardEngine<Req, M> | undefined;
  const get = () => (built ??= build());
  const inspect = () => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  return {
    [LAZY_GUARD]: true,
    get mode() {
      return inspect()?.mode ?? ('enforce' as M);
    },
    get [BUILT_GUARD]() {
      return built;
    },
    get [ADAPTER_NEEDS]() {
      const guard = inspect();
      return guard && adapterNeeds(guard);
    },
    // Once built, as fast as the guard it built; until then, the build's error as a rejection.
    [DECIDE_NOW]: (request: Req, input: GuardRequest | undefined) => {
      let guard: FingerprintGuardEngine<Req, M>;
      try {
        guard = get();
      } catch (error) {
        return Promise.reject(error);
      }
      return decideNow(guard, request, input);
    },
    decide: async (request, input) => get().decide(request, input),
    verify: async (request, input) => get().verify(request, input),
  } as FingerprintGuardEngine<Req, M>;
}
