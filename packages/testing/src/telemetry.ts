/**
 * @fingerprint-guard/testing/telemetry: the OpenTelemetry check for adapters, apart from ./vitest
 * so that only its users need the OpenTelemetry SDK installed.
 */
export { telemetryConformance } from './telemetry-conformance.js';
