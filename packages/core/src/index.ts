/**
 * @fingerprint-guard/core: unsealing, the provider clients, webhooks, the replay-store contract
 * and the guard engine. What only adapters and store authors need is in `@fingerprint-guard/core/adapter`.
 */
export { createUnsealer, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_SEALED_BYTES } from './sealed/index.js';
export type { SealedResultKey, Unsealer, UnsealerOptions, UnsealedAnyFormat, UnsealedResult } from './sealed/index.js';
export type {
  AcceptedEdgeFormat,
  AcceptedFingerprintFormat,
  AcceptedFingerprintFormats,
  FingerprintFormat,
  FingerprintResultFormat,
} from './result/format.js';
export * from './engine/index.js';
export { ipFrom } from './client-ip/presets.js';
export type {
  ClientIpInput,
  ClientIpPreset,
  ClientIpReading,
  CloudflareOptions,
  ForwardedForOptions,
} from './client-ip/presets.js';
export type { ClientIpOption } from './client-ip/resolve.js';
export { CLOUDFLARE_IP_RANGES } from './client-ip/cloudflare-ranges.js';
export { createCsideClient, CSIDE_BASE_URL, CSIDE_MAX_PAGE } from './cside/client.js';
export type { CsideClient, CsideClientOptions } from './cside/client.js';
export type * from './cside/types.js';
export { createServerApiClient, SERVER_API_REGIONS } from './server-api/client.js';
export { createServerApiV3Client, SERVER_API_V3_REGIONS } from './server-api/client-v3.js';
export type { ServerApiV3Client } from './server-api/client-v3.js';
export type { ServerApiClient, ServerApiClientOptions, ServerApiRegion } from './server-api/client.js';
export { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook/signature.js';
export { parseFingerprintEvent } from './sealed/payload.js';
export type { WebhookSignatureInput } from './webhook/signature.js';
export { createWebhookReceiver } from './webhook/receiver.js';
export type {
  FingerprintWebhookEvent,
  FingerprintWebhookEventsByFormat,
  FingerprintWebhookEventV3,
  FingerprintWebhookEventV4,
} from './webhook/webhook-event.js';
export type {
  AcceptedDelivery,
  DuplicateDelivery,
  WebhookDelivery,
  WebhookReceiver,
  WebhookReceiverOptions,
} from './webhook/receiver.js';
export type { ProviderCallOptions, ProviderClientOptions } from './http/client-options.js';
export type { RetryOptions } from './http/provider-http.js';
export { MemoryReplayStore } from './replay/memory.js';
export type { MemoryReplayStoreOptions } from './replay/memory.js';
export type { ReplayStore } from './replay/types.js';
export { defaultReplayStore } from './replay/shared.js';
export { ERROR_STATUS, FingerprintGuardError, isFingerprintGuardError } from './errors.js';
export type { FingerprintGuardErrorCode, FingerprintGuardErrorOptions } from './errors.js';
export type { Duration } from './duration.js';
export type * from './event/types.js';
export type { OpenTelemetryApi } from './observe/otel-types.js';
