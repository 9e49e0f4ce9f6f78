/**
 * The few parts of `@opentelemetry/api` the guard uses, described structurally, so that core
 * neither depends on the package nor puts its types in ours.
 */

export interface OtelAttributes {
  [name: string]: string | number | boolean | undefined;
}

export interface OtelSpan {
  isRecording(): boolean;
  setAttributes(attributes: OtelAttributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

export interface OtelTracer {
  startSpan(name: string): OtelSpan;
}

/** An opaque OpenTelemetry context. */
export type OtelContext = object;

export interface OtelMeter {
  createCounter(
    name: string,
    options?: { description?: string; unit?: string },
  ): { add(value: number, attributes?: OtelAttributes): void };
  createHistogram(
    name: string,
    options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } },
  ): { record(value: number, attributes?: OtelAttributes): void };
}

/** `import * as api from '@opentelemetry/api'`, or any object with these members. */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
    /** The global provider: the API's proxy, whose delegate is the registered SDK's (none: no spans record). */
    getTracerProvider?(): object;
  };
  context: { active(): OtelContext; with<T>(context: OtelContext, fn: () => T): T };
  metrics: { getMeter(name: string, version?: string): OtelMeter; getMeterProvider(): object };
  SpanStatusCode: { ERROR: number };
  /** The API's no-op meter (`@opentelemetry/api` 1.3 on): what every meter is while no metrics SDK is registered. */
  createNoopMeter?(): OtelMeter;
}
