/** The whole Fingerprint v4 Event: one flat object per identification, with every smart signal. */
import type { BotInfo, BotResult } from './bot.js';
import type { Confidence3 } from './common.js';
import type { EventLabel, TamperingDetails, Velocity } from './device.js';
import type { BrowserDetails, Identification, Proximity } from './identification.js';
import type { IPBlockList, IPInfo, ProxyDetails, VpnMethods } from './network.js';
import type { EventSdk, TriggeredByRule } from './platform.js';
import type { RawDeviceAttributes } from './raw-device-attributes.js';
import type { EventRuleAction } from './rules.js';

/**
 * One identification event as Fingerprint's v4 API, sealed results and webhooks deliver it, after
 * the public Server API schema 3.7.0. Every field but `event_id` and `timestamp` is optional and
 * many are platform-specific. Fields added by newer schemas are kept at run time, untouched.
 */
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
