/** Accepts the answer of `POST /v4/edge` as an edge evaluation, or says it is not one. */
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEdgeEvent } from '../event/types.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schema requires `ip_info` in every version of the answer; `source`, when present, must be
 * `edge` (an identification event here would be another endpoint's answer). Anything else is
 * `PROVIDER_UNAVAILABLE`: the provider did not answer as documented, which says nothing about the request.
 */
export function toEdgeEvent(payload: Record<string, unknown>, provider: string): FingerprintEdgeEvent {
  const { ip_info: ipInfo, source, event_id: eventId } = payload;
  const wellFormed =
    isObject(ipInfo) &&
    (source === undefined || source === 'edge') &&
    (eventId === undefined || (typeof eventId === 'string' && eventId !== ''));
  if (!wellFormed) {
    throw new FingerprintGuardError(
      'PROVIDER_UNAVAILABLE',
      `${provider} answered /edge with JSON that is not an edge evaluation (\`ip_info\` is required).`,
    );
  }
  return payload as unknown as FingerprintEdgeEvent;
}
