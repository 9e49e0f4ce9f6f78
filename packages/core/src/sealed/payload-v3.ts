/** Checks that a parsed payload is a v3 `{ products }` response, and reads a payload in either format. */
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEvent, FingerprintEventV3 } from '../event/types.js';
import { toFingerprintEvent } from './payload.js';

/** A payload and the format it was read in. */
export type FormattedEvent = { format: 'v4'; event: FingerprintEvent } | { format: 'v3'; event: FingerprintEventV3 };

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Accepts a parsed payload as a v3 response, or says why it is not one. The identification
 * product must carry its data: `requestId` (the replay key) and `timestamp` (the age) come from
 * it. Other products may report an `error` instead: their signals are then unreported.
 */
export function toFingerprintEventV3(payload: unknown, source = 'The sealed result'): FingerprintEventV3 {
  const products = record(record(payload)?.products);
  if (products === undefined) throw invalid(`${source} is not a v3 response: \`products\` (an object) is required.`);
  const identification = record(products.identification);
  const error = record(identification?.error);
  if (error !== undefined) {
    const code = typeof error.code === 'string' ? ` (${error.code.slice(0, 64)})` : '';
    throw invalid(`${source} is a v3 response whose identification failed${code}: it has no request id or time.`);
  }
  const data = record(identification?.data);
  const { requestId, timestamp } = data ?? {};
  if (typeof requestId === 'string' && requestId !== '' && typeof timestamp === 'number' && Number.isFinite(timestamp))
    return payload as FingerprintEventV3;
  throw invalid(
    `${source} is not a v3 response: \`products.identification.data\` needs \`requestId\` (string) and \`timestamp\` (number).`,
  );
}

/**
 * Reads a parsed payload in whichever format it is: a v3 response is told by its `products` key,
 * which v4 events never have; anything else must be a v4 event.
 */
export function toAnyFormatEvent(payload: unknown, source = 'The sealed result'): FormattedEvent {
  if (record(payload) !== undefined && 'products' in (payload as object))
    return { format: 'v3', event: toFingerprintEventV3(payload, source) };
  return { format: 'v4', event: toFingerprintEvent(payload, source) };
}

function invalid(message: string): FingerprintGuardError {
  return new FingerprintGuardError('SEALED_RESULT_INVALID_PAYLOAD', message);
}
