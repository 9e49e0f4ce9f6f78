/** @fingerprint-guard/testing/vitest: the conformance suite for custom replay stores. */
export { replayStoreConformance } from './replay-store-conformance.js';
export type { ReplayStoreConformanceOptions } from './replay-store-conformance.js';
