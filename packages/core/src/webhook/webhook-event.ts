/** Reads a webhook body in the formats a receiver accepts: the v4 event, or a legacy (v3) webhook, tagged with its `format`. */
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEvent, WebhookEventV3 } from '../event/types.js';
import type { AcceptedFingerprintFormat, FingerprintFormat } from '../result/format.js';
import { parsePayload, toFingerprintEvent } from '../sealed/payload.js';

/** A v4 webhook event, as Fingerprint sent it, with its `format`. */
export type FingerprintWebhookEventV4 = FingerprintEvent & { readonly format: 'v4' };
/** A legacy (v3) webhook event, as Fingerprint sent it, with its `format`. */
export type FingerprintWebhookEventV3 = WebhookEventV3 & { readonly format: 'v3' };

/** The webhook event type of each format. */
export interface FingerprintWebhookEventsByFormat {
  v4: FingerprintWebhookEventV4;
  v3: FingerprintWebhookEventV3;
}

/**
 * What a webhook handler receives: the event as Fingerprint sent it, and its `format` (`'v4'`,
 * or `'v3'` for a legacy webhook). `format` is not enumerable, so the event serialises exactly
 * as it was delivered. `F` defaults to the formats the app declares in `AcceptedFingerprintFormats`.
 */
export type FingerprintWebhookEvent<F extends FingerprintFormat = AcceptedFingerprintFormat> =
  FingerprintWebhookEventsByFormat[F];

/** A parsed delivery: the tagged event, its id (the dedupe key) and its time. */
export interface ParsedWebhookEvent {
  event: FingerprintWebhookEvent<FingerprintFormat>;
  eventId: string;
  timestamp: number;
}

const SOURCE = 'The webhook body';

/**
 * Parses a webhook body as the unsealer parses a sealed result (prototype keys dropped), then
 * reads it in one of `formats`: an `event_id` marks a v4 event, a `requestId` a legacy one.
 * Throws `SEALED_RESULT_INVALID_PAYLOAD` saying what is missing, or which format to accept.
 */
export function parseWebhookEvent(text: string, formats: ReadonlySet<FingerprintFormat>): ParsedWebhookEvent {
  const payload = parsePayload(text, SOURCE);
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const legacy = !Object.hasOwn(fields, 'event_id') && Object.hasOwn(fields, 'requestId');
  if (legacy && formats.has('v3')) {
    const { requestId, timestamp } = fields;
    if (
      typeof requestId !== 'string' ||
      requestId === '' ||
      typeof timestamp !== 'number' ||
      !Number.isFinite(timestamp)
    )
      throw invalid(
        `${SOURCE} is not a legacy (v3) webhook: \`requestId\` (string) and \`timestamp\` (number) are required.`,
      );
    return { event: tag(payload as WebhookEventV3, 'v3'), eventId: requestId, timestamp };
  }
  if (legacy) {
    throw invalid(
      `${SOURCE} is a legacy (v3) webhook, and this receiver accepts v4 events only: accept it with \`formats: ['v4', 'v3']\`.`,
    );
  }
  if (!formats.has('v4')) {
    throw invalid(
      `${SOURCE} is not a legacy (v3) webhook, and this receiver accepts v3 only: a v4 event needs 'v4' in \`formats\`.`,
    );
  }
  const event = toFingerprintEvent(payload, SOURCE);
  return { event: tag(event, 'v4'), eventId: event.event_id, timestamp: event.timestamp };
}

/** Adds `format` without changing what the event serialises to. */
function tag<T extends object, F extends FingerprintFormat>(event: T, format: F): T & { readonly format: F } {
  return Object.defineProperty(event, 'format', { value: format, enumerable: false }) as T & { readonly format: F };
}

function invalid(message: string): FingerprintGuardError {
  return new FingerprintGuardError('SEALED_RESULT_INVALID_PAYLOAD', message);
}
