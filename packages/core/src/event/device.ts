/** Device and behaviour smart signals: tampering details, velocity counters and labels. */

export interface TamperingDetails {
  anomaly_score?: number;
  anti_detect_browser?: boolean;
}

export interface VelocityData {
  '5_minutes': number;
  '1_hour': number;
  '24_hours'?: number;
}

export interface Velocity {
  distinct_ip?: VelocityData;
  distinct_linked_id?: VelocityData;
  distinct_country?: VelocityData;
  events?: VelocityData;
  ip_events?: VelocityData;
  distinct_ip_by_linked_id?: VelocityData;
  distinct_visitor_id_by_linked_id?: VelocityData;
}

export interface EventLabel {
  label: string;
  prediction?: boolean;
  ml_score?: number;
}
