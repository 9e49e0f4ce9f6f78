/**
 * The few parts of `@opentelemetry/api` the guard uses, described structurally, so that core
 * neither depends on the package nor puts its types in ours.
 */

export interface OtelAttributes {
  [name: string]: string | number | boolean | undefined;
}

export interface OtelSpan {
  setAttributes(attributes: OtelAttributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

export interface OtelTracer {
  startActiveSpan<T>(name: string, fn: (span: OtelSpan) => T): T;
}

export interface OtelMeter {
  createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: OtelAttributes): void };
  createHistogram(
    name: string,
    options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } },
  ): { record(value: number, attributes?: OtelAttributes): void };
}

/** `import * as api from '@opentelemetry/api'`, or any object with these members. */
export interface OpenTelemetryApi {
  trace: { getTracer(name: string, version?: string): OtelTracer };
  metrics: { getMeter(name: string, version?: string): OtelMeter };
  SpanStatusCode: { ERROR: number };
}
