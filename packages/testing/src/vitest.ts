/** @fingerprint-guard/testing/vitest: conformance suites for replay stores and framework adapters. */
export { replayStoreConformance } from './replay-store-conformance.js';
export type { ReplayStoreConformanceOptions } from './replay-store-conformance.js';
export { adapterConformance, describeFingerprint, SIGNAL_EVENTS } from './adapter-conformance.js';
export type { ClientIpFeatures, GuardedApp, GuardedAppSettings, StartGuardedApp } from './adapter-conformance.js';
export { webhookConformance } from './webhook-conformance.js';
export type { StartWebhookApp } from './webhook-conformance.js';
