/**
 * The Fingerprint v4 Event (`/v4/events`, sealed results, webhooks), after the public Server API
 * schema 3.7.0. Every field but `event_id` and `timestamp` is optional and many are
 * platform-specific. Fields added by newer schemas are kept at run time, untouched.
 */

export type Confidence3 = 'low' | 'medium' | 'high';

export interface IdentificationConfidence {
  score: number;
  version?: string;
  comment?: string;
}

export interface Identification {
  visitor_id: string;
  visitor_found: boolean;
  confidence?: IdentificationConfidence;
  /** Epoch milliseconds. */
  first_seen_at?: number;
  /** Epoch milliseconds. */
  last_seen_at?: number;
}

export interface SdkIntegration {
  name?: string;
  version?: string;
  subintegration?: { name?: string; version?: string };
}

export interface EventSdk {
  platform: 'js' | 'android' | 'ios' | 'unknown';
  version: string;
  integrations?: SdkIntegration[];
}

export interface EventRuleAction {
  type?: 'allow' | 'block' | (string & {});
  ruleset_id?: string;
  rule_id?: string;
  rule_expression?: string;
  [field: string]: unknown;
}

export interface BrowserDetails {
  browser_name: string;
  browser_major_version: string;
  browser_full_version: string;
  os: string;
  os_version: string;
  device: string;
}

export interface Proximity {
  id: string;
  precision_radius: 10 | 25 | 65 | 175 | 450 | 1200 | 3300 | 8500 | 22500;
  confidence: number;
}

export type BotResult = 'bad' | 'good' | 'not_detected';

export type BotInfoCategory =
  | 'ai_agent'
  | 'ai_assistant'
  | 'ai_crawler'
  | 'ai_search'
  | 'accessibility'
  | 'advertising'
  | 'automation'
  | 'fetcher'
  | 'monitoring'
  | 'scraper'
  | 'search_engine_crawler'
  | 'security'
  | 'seo'
  | 'social_media'
  | 'webhook'
  | 'unknown'
  | (string & {});

export interface BotInfo {
  category: BotInfoCategory;
  provider: string;
  provider_url?: string;
  name: string;
  identity: 'verified' | 'signed' | 'spoofed' | 'unknown';
  confidence: Confidence3;
}

export interface GeolocationSubdivision {
  iso_code: string;
  name: string;
}

export interface Geolocation {
  accuracy_radius?: number;
  latitude?: number;
  longitude?: number;
  postal_code?: string;
  timezone?: string;
  city_name?: string;
  country_code?: string;
  country_name?: string;
  continent_code?: string;
  continent_name?: string;
  subdivisions?: GeolocationSubdivision[];
}

export interface IPInfoEntry {
  address: string;
  geolocation?: Geolocation;
  asn?: string;
  asn_name?: string;
  asn_network?: string;
  asn_type?: string;
  datacenter_result?: boolean;
  datacenter_name?: string;
}

export interface IPInfo {
  v4?: IPInfoEntry;
  v6?: IPInfoEntry;
}

export interface IPBlockList {
  email_spam?: boolean;
  attack_source?: boolean;
  tor_node?: boolean;
}

export interface ProxyDetails {
  proxy_type: 'residential' | 'data_center' | 'unknown';
  last_seen_at?: number;
  provider?: string;
}

export interface VpnMethods {
  timezone_mismatch?: boolean;
  public_vpn?: boolean;
  auxiliary_mobile?: boolean;
  os_mismatch?: boolean;
  relay?: boolean;
  ml_prediction?: boolean;
}

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

export interface TriggeredByRule {
  id: string;
  name: string;
  description: string;
}

export interface RawDeviceAttributes {
  font_preferences?: Partial<Record<'default' | 'serif' | 'sans' | 'mono' | 'apple' | 'min' | 'system', number>>;
  emoji?: {
    font?: string;
    width?: number;
    height?: number;
    top?: number;
    bottom?: number;
    left?: number;
    right?: number;
    x?: number;
    y?: number;
  };
  fonts?: string[];
  device_memory?: number;
  timezone?: string;
  canvas?: { winding?: boolean; geometry?: string; text?: string };
  languages?: string[][];
  webgl_extensions?: {
    context_attributes?: string;
    parameters?: string;
    shader_precisions?: string;
    extensions?: string;
    extension_parameters?: string;
    unsupported_extensions?: string[];
  };
  webgl_basics?: {
    version?: string;
    vendor?: string;
    vendor_unmasked?: string;
    renderer?: string;
    renderer_unmasked?: string;
    shading_language_version?: string;
  };
  screen_resolution?: number[];
  touch_support?: { touch_event?: boolean; touch_start?: boolean; max_touch_points?: number };
  oscpu?: string;
  architecture?: number;
  cookies_enabled?: boolean;
  hardware_concurrency?: number;
  date_time_locale?: string;
  vendor?: string;
  color_depth?: number;
  platform?: string;
  session_storage?: boolean;
  local_storage?: boolean;
  audio?: number;
  plugins?: { name: string; description?: string; mimeTypes?: { type?: string; suffixes?: string; description?: string }[] }[];
  indexed_db?: boolean;
  math?: string;
  device_model?: string;
  device_manufacturer?: string;
  font_hash?: string;
  timezone_offset?: number;
  battery_level?: number;
  battery_charging?: boolean;
  battery_low_power_mode?: boolean;
  keyboard_layout_hash?: string;
  keyboard_layout_name?: string;
}

/** One identification event as Fingerprint's v4 API, sealed results and webhooks deliver it. */
export interface FingerprintEvent {
  /** e.g. `1708102555327.NLOjmg`; the prefix is the epoch in milliseconds. */
  event_id: string;
  /** Epoch milliseconds. */
  timestamp: number;
  source?: 'device' | 'edge';
  incremental_identification_status?: 'partially_completed' | 'completed';
  /** Set by the browser: authenticated, but chosen by whoever ran the page. */
  linked_id?: string;
  environment_id?: string;
  suspect?: boolean;
  sdk?: EventSdk;
  replayed?: boolean;
  /** Set by the browser: authenticated, but chosen by whoever ran the page. */
  tags?: Record<string, unknown>;
  rule_action?: EventRuleAction;
  /** Webhooks only: the rules that fired. */
  triggered_by?: TriggeredByRule[];

  identification?: Identification;
  supplementary_id_high_recall?: Identification;
  url?: string;
  bundle_id?: string;
  package_name?: string;
  ip_address?: string;
  user_agent?: string;
  client_referrer?: string;
  device?: string;
  os?: string;
  os_version?: string;
  browser_details?: BrowserDetails;
  proximity?: Proximity;

  bot?: BotResult;
  bot_type?: string;
  bot_info?: BotInfo;

  ip_info?: IPInfo;
  ip_blocklist?: IPBlockList;
  proxy?: boolean;
  proxy_confidence?: Confidence3;
  proxy_ml_score?: number;
  proxy_details?: ProxyDetails;
  vpn?: boolean;
  vpn_confidence?: Confidence3;
  vpn_ml_score?: number;
  vpn_origin_timezone?: string;
  vpn_origin_country?: string;
  vpn_methods?: VpnMethods;

  incognito?: boolean;
  developer_tools?: boolean;
  privacy_settings?: boolean;
  virtual_machine?: boolean;
  emulator?: boolean;
  cloned_app?: boolean;
  root_apps?: boolean;
  jailbroken?: boolean;
  frida?: boolean;
  simulator?: boolean;
  location_spoofing?: boolean;
  mitm_attack?: boolean;
  active_call?: boolean;
  high_activity_device?: boolean;
  rare_device?: boolean;
  /** Epoch seconds; 0 means never reset. */
  factory_reset_timestamp?: number;
  suspect_score?: number;
  virtual_machine_ml_score?: number;
  tampering?: boolean;
  tampering_confidence?: Confidence3;
  tampering_ml_score?: number;
  tampering_details?: TamperingDetails;
  rare_device_percentile_bucket?: '<p95' | 'p95-p99' | 'p99-p99.5' | 'p99.5-p99.9' | 'p99.9+' | 'not_seen';
  velocity?: Velocity;
  /** Beta. */
  labels?: EventLabel[];
  raw_device_attributes?: RawDeviceAttributes;
}
