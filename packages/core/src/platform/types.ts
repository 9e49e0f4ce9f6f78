/** What core needs from its runtime beyond the language: one implementation per export condition. */
import type { OpenTelemetryApi } from '../observe/otel-types.js';
import type { SealedResultRuntime } from '../sealed/runtime.js';

/** An optional peer dependency as the runtime found it. */
export interface OptionalModule<T> {
  /** The module, when it loaded. */
  module?: T;
  /** Why an installed module failed to load (never set when it is simply not installed). */
  loadError?: unknown;
}

export interface Platform {
  sealedRuntime: SealedResultRuntime;
  /** SHA-256 of bytes, or of text as UTF-8, base64url without padding. */
  sha256Base64Url(data: string | Uint8Array): string;
  /** HMAC-SHA256. */
  hmacSha256(secret: string, data: Uint8Array): Uint8Array;
  /** Compares two byte arrays of the same length in time independent of their content. */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** `@opentelemetry/api` when this runtime can load it synchronously and it is installed, or why it failed to load. */
  openTelemetry(): OptionalModule<OpenTelemetryApi>;
}
