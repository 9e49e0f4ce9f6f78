/** The numbers threshold rules compare, read strictly from either format: ML scores and velocity counts. */
import type { Velocity, VelocityData } from '../event/device.js';
import type { FingerprintEventV3 } from '../event/types.js';
import type { VelocityCounter, VelocityWindow } from '../options/types.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { FingerprintResultFormat } from '../result/format.js';
import { finite } from '../result/reports.js';
import { isPartial } from './read-event.js';

type AnyResult = Fingerprint<FingerprintResultFormat>;

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Each velocity counter's v4 field (v3 names it as the option does). */
export const VELOCITY_FIELDS = {
  events: 'events',
  ipEvents: 'ip_events',
  distinctIp: 'distinct_ip',
  distinctLinkedId: 'distinct_linked_id',
  distinctCountry: 'distinct_country',
  distinctIpByLinkedId: 'distinct_ip_by_linked_id',
  distinctVisitorIdByLinkedId: 'distinct_visitor_id_by_linked_id',
} as const satisfies Record<VelocityCounter, keyof Velocity>;

/** Each window's v4 field (v3 names it as the option does). */
export const VELOCITY_WINDOWS = {
  '5m': '5_minutes',
  '1h': '1_hour',
  '24h': '24_hours',
} as const satisfies Record<VelocityWindow, keyof VelocityData>;

/** A v3 product's `data`, unless the product is absent, malformed or reports an `error`. */
function dataV3(event: FingerprintEventV3, product: string): Record<string, unknown> | undefined {
  const entry = record(record(event.products)?.[product]);
  return entry === undefined || Object.hasOwn(entry, 'error') ? undefined : record(entry.data);
}

/**
 * The v4 event whose Smart Signals may be read, or the v3 response; nothing for cside or an edge
 * evaluation (which report none of these numbers) nor for a partially completed identification (none computed).
 */
function source(fingerprint: AnyResult) {
  if (fingerprint.provider !== 'fingerprint' || fingerprint.format === 'edge') return undefined;
  if (fingerprint.format === 'v3') return { v3: fingerprint.event };
  return isPartial(fingerprint.event) ? undefined : { v4: fingerprint.event as unknown as Record<string, unknown> };
}

/** `vpn_ml_score` (v3: `vpn.data.mlScore`), 0 to 1. */
export function vpnScore(fingerprint: AnyResult): number | undefined {
  const from = source(fingerprint);
  return finite(from?.v4 ? from.v4.vpn_ml_score : from?.v3 && dataV3(from.v3, 'vpn')?.mlScore);
}

/** `tampering_details.anomaly_score` (v3: `tampering.data.anomalyScore`), 0 to 1. */
export function tamperingScore(fingerprint: AnyResult): number | undefined {
  const from = source(fingerprint);
  return finite(
    from?.v4
      ? record(from.v4.tampering_details)?.anomaly_score
      : from?.v3 && dataV3(from.v3, 'tampering')?.anomalyScore,
  );
}

/** How many of `counter` Fingerprint counted over `window` before the event (v3: `velocity.data.<counter>.intervals`). */
export function velocityCount(
  fingerprint: AnyResult,
  counter: VelocityCounter,
  window: VelocityWindow,
): number | undefined {
  const from = source(fingerprint);
  if (from?.v4) return finite(record(record(from.v4.velocity)?.[VELOCITY_FIELDS[counter]])?.[VELOCITY_WINDOWS[window]]);
  const velocity = from?.v3 && dataV3(from.v3, 'velocity');
  return finite(record(record(velocity?.[counter])?.intervals)?.[window]);
}
