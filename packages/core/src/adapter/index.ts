/**
 * @fingerprint-guard/core/adapter: what every framework adapter shares, so that an adapter is
 * only a translation of its framework's request and response. Not for application code.
 */
import { readStreamCapped } from '../http/read-capped.js';
import { concatBytes } from '../bytes.js';
import { DEFAULT_MAX_BODY_BYTES } from '../webhook/receiver.js';

export { DEFAULT_MAX_BODY_BYTES };
export { readStreamCapped } from '../http/read-capped.js';
export { formatDuration, toMilliseconds } from '../duration.js';
export { withTimeout } from '../timeout.js';
export { configError } from '../errors.js';
export { maskCredentials } from '../mask-credentials.js';
export { DEFAULT_REPLAY_WINDOW, isReplayWindow, storeWindowMs } from '../replay/window.js';
export { hashedKey, storedKey } from '../replay/stored-key.js';
export {
  checkOptions,
  nested,
  type NestedOptions,
  type OptionEntry,
  type OptionSchema,
  type ValueCheck,
} from '../schema/schema.js';
export { isBoolean, isDuration, isFunction, isLogger, isString, oneOf, wholeNumber } from '../schema/checks.js';
export { WEBHOOK_RECEIVER_OPTIONS } from '../webhook/receiver.js';
export { isGuard, resolveGuard, type ResolvedGuard } from './guard-source.js';
export {
  credentialBodyKind,
  credentialBodyKindFor,
  readCredentialBody,
  type BodyCache,
  type CredentialBodyKind,
} from './credential-body.js';
export { denialBody, denialResponse, ruleActionResponse, type DenialResponse } from './denial.js';
export {
  duplicateDeliveryBody,
  onResponseEnd,
  receiveDelivery,
  resolveWebhookReceiver,
  settleAfter,
  settleDelivery,
  type DeliveryStep,
  type WebhookSource,
} from './webhook.js';
export {
  decideOrRefuse,
  decideOrRefuseNow,
  isPromiseLike,
  refusingGuard,
  type AdapterDecision,
} from './unconfigured.js';
/** Kept here for adapters' imports; applications import it from `@fingerprint-guard/core` (or their adapter). */
export type { GuardSource } from '../options/types.js';

/**
 * Reads a raw body (a Node request, or a Web stream) up to `maxBytes`: `undefined` once it
 * passes the cap, without buffering past it.
 */
export async function readRawBody(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (typeof (source as ReadableStream).getReader === 'function')
    return readStreamCapped(source as ReadableStream<Uint8Array>, maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return concatBytes(chunks, total);
}
