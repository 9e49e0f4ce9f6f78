/** Notices guards built again and again with the same options (per request) and says so once. */
import { optionsSignature } from './options-signature.js';
import type { GuardLogger } from './types.js';

/** Builds of one configuration past which it is surely being built per request. */
const REBUILDS_WARNED_AT = 20;
const MAX_TRACKED = 256;
const builds = new Map<string, number>();

/**
 * Counts builds by the options' signature (callbacks by their source text, so an inline
 * closure written once counts as one option) and warns once, at the 20th build of one
 * configuration: each build checks the options and imports the keys again. Provider calls stay
 * shared whatever happens (they are shared per provider configuration).
 */
export function warnWhenRebuilt(options: object, logger: GuardLogger): void {
  const signature = optionsSignature(options, (fn) => fn.toString());
  const count = (builds.get(signature) ?? 0) + 1;
  if (builds.size >= MAX_TRACKED && count === 1) builds.delete(builds.keys().next().value!);
  builds.set(signature, count);
  if (count !== REBUILDS_WARNED_AT) return;
  logger.warn(
    `fingerprint-guard: ${REBUILDS_WARNED_AT} guards were built with the same options; a guard built per request checks its options and imports its keys every time. Build it once (createFingerprintGuard(...) at module level, or options in a module-level constant) and pass the guard. Provider calls stay shared either way.`,
    { event: 'guard-rebuilt' },
  );
}
