/** Device and behaviour smart signals: tampering details, velocity counters, rarity and labels. */

/** Why `tampering` was flagged (TamperingDetails.yaml). */
export interface TamperingDetails {
  /** 0 to 1: how anomalous the browser signature is; the schema calls above 0.5 actionable. */
  anomaly_score?: number;
  anti_detect_browser?: boolean;
}

/** Counts over the three windows before the event (VelocityData.yaml). */
export interface VelocityData {
  '5_minutes': number;
  '1_hour': number;
  /** Omitted for the distinct_* counters when the visitor has over 20,000 events in 24 hours. */
  '24_hours'?: number;
}

/** Counters per visitor ID, IP address and linked ID; any of them may be absent (Velocity.yaml). */
export interface Velocity {
  distinct_ip?: VelocityData;
  distinct_linked_id?: VelocityData;
  distinct_country?: VelocityData;
  events?: VelocityData;
  ip_events?: VelocityData;
  distinct_ip_by_linked_id?: VelocityData;
  distinct_visitor_id_by_linked_id?: VelocityData;
}

/** `rare_device_percentile_bucket` (RareDevicePercentileBucket.yaml); beta. */
export type RareDevicePercentileBucket = '<p95' | 'p95-p99' | 'p99-p99.5' | 'p99.5-p99.9' | 'p99.9+' | 'not_seen';

/** One customer-defined ML label and its prediction (Labels.yaml); beta. */
export interface EventLabel {
  label: string;
  prediction?: boolean;
  /** 0 to 1. */
  ml_score?: number;
}
