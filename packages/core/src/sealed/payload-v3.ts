/** Checks that a parsed payload is a v3 `{ products }` response (3.x agents, the v3 Server API). */
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEventV3 } from '../event/types.js';

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

/** A v3 response is told by its `products` key, which v4 events never have. */
export function isV3Payload(payload: unknown): boolean {
  return record(payload) !== undefined && 'products' in (payload as object);
}

function invalid(message: string): FingerprintGuardError {
  return new FingerprintGuardError('SEALED_RESULT_INVALID_PAYLOAD', message);
}
