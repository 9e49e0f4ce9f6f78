/** Sealed results: the runtime-agnostic pipeline bound to this build's platform. */
import { platform } from '#platform';
import { createOpenerFor } from './opener.js';
import { createUnsealerFor } from './unsealer.js';

export const createUnsealer = createUnsealerFor(platform.sealedRuntime);
/** The guard's way in (not exported by the package): synchronous on Node. */
export const createSealedOpener = createOpenerFor(platform.sealedRuntime);
export type { SealedOpener } from './opener.js';
export type { Unsealer, UnsealerOptions, UnsealedAnyFormat, UnsealedResult } from './unsealer.js';
export type { SealedResultKey } from './keys.js';
export { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_SEALED_BYTES } from './format.js';
