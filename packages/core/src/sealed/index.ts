/** Sealed results on Node: the runtime-agnostic pipeline bound to node:crypto and node:zlib. */
import { nodeRuntime } from './runtime-node.js';
import { createUnsealerFor } from './unsealer.js';

export const createUnsealer = createUnsealerFor(nodeRuntime);
export type { Unsealer, UnsealerOptions, UnsealedResult } from './unsealer.js';
export type { SealedResultKey } from './keys.js';
export { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_SEALED_BYTES } from './format.js';
