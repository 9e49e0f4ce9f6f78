// Next's instrumentation hook, run once when the server starts: with FP_OTEL=console, the Node
// runtime prints every guarded request's `fingerprint-guard verify` span and the guard's metrics.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.FP_OTEL === 'console') await import('./lib/telemetry');
}
