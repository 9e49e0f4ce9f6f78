/** The whole Fingerprint v4 Event: one flat object per identification, with every smart signal. */
import type { BotInfo, BotResult } from './bot.js';
import type { Confidence3 } from './common.js';
import type { EventLabel, RareDevicePercentileBucket, TamperingDetails, Velocity } from './device.js';
import type { BrowserDetails, Identification, Proximity, SupplementaryIdHighRecall } from './identification.js';
import type { IPBlockList, IPInfo, ProxyDetails, VpnMethods } from './network.js';
import type { EventSdk, EventSource, IncrementalIdentificationStatus, TriggeredByRule } from './platform.js';
import type { RawDeviceAttributes } from './raw-device-attributes.js';
import type { EventRuleAction } from './rules.js';

/**
 * One identification event as Fingerprint's v4 API, sealed results and webhooks deliver it, after
 * the public Server API schema 3.7.0 (Event.yaml). Only `event_id` and `timestamp` are required;
 * every other field is optional and many exist on some platforms only (noted as web, Android,
 * iOS). Fields added by newer schemas are kept at run time, untouched. Every time is in epoch
 * milliseconds.
 */
export interface FingerprintEvent {
  // Platform: what the event is and how it was made.

  /** e.g. `1708102555327.NLOjmg`; the part before the dot is an epoch in milliseconds. */
  event_id: string;
  /** Epoch milliseconds. */
  timestamp: number;
  source?: EventSource;
  /** Web only, and only with incremental identification. See {@link IncrementalIdentificationStatus}. */
  incremental_identification_status?: IncrementalIdentificationStatus;
  /** Set by the page through the agent (or later via the Update API): authenticated, but chosen by whoever ran the page. */
  linked_id?: string;
  environment_id?: string;
  /** `true` when you flagged the event as suspect through the Update API: your own mark, not a signal. */
  suspect?: boolean;
  sdk?: EventSdk;
  /** `true` when Fingerprint judged that this payload had been sent before (a replay). */
  replayed?: boolean;
  /** Webhooks only: the rules that made Fingerprint send this webhook. */
  triggered_by?: TriggeredByRule[];

  // Identification.

  identification?: Identification;
  supplementary_id_high_recall?: SupplementaryIdHighRecall;
  /** Set by the page through the agent (or later via the Update API): authenticated, but chosen by whoever ran the page. */
  tags?: Record<string, unknown>;
  /** Web only: the URL of the page that made the request. */
  url?: string;
  /** iOS only. */
  bundle_id?: string;
  /** Android only. */
  package_name?: string;
  /** The address the identification request came from, as Fingerprint saw it. */
  ip_address?: string;
  user_agent?: string;
  /** Web only: `document.referrer`; empty when the page was opened directly. */
  client_referrer?: string;
  /** Parsed from the user agent (also in `browser_details` on the web). */
  device?: string;
  /** Parsed from the user agent (also in `browser_details` on the web). */
  os?: string;
  /** Parsed from the user agent (also in `browser_details` on the web). */
  os_version?: string;
  /** Web only. */
  browser_details?: BrowserDetails;
  proximity?: Proximity;

  // Bot detection (web only).

  bot?: BotResult;
  /** Free text, e.g. `chatgpt_agent`. */
  bot_type?: string;
  bot_info?: BotInfo;

  // Network.

  ip_info?: IPInfo;
  ip_blocklist?: IPBlockList;
  proxy?: boolean;
  /** `high` whenever no proxy was detected. */
  proxy_confidence?: Confidence3;
  /** Web only; 0 to 1; beta. */
  proxy_ml_score?: number;
  /** Present when `proxy` is true. */
  proxy_details?: ProxyDetails;
  vpn?: boolean;
  vpn_confidence?: Confidence3;
  /** 0 to 1; beta. */
  vpn_ml_score?: number;
  /** IANA name of the device's own timezone, the one `timezone_mismatch` compares. */
  vpn_origin_timezone?: string;
  /** ISO 3166 country code of the request, or `unknown` (needs recent agents and SDKs). */
  vpn_origin_country?: string;
  vpn_methods?: VpnMethods;

  // Device and tampering smart signals.

  /** Web only. */
  incognito?: boolean;
  /** DevTools open in the browser, or developer tools enabled on the Android or iOS device. */
  developer_tools?: boolean;
  /** Web only: a privacy-focused browser, or fingerprinting blocked. */
  privacy_settings?: boolean;
  /** Web only. */
  virtual_machine?: boolean;
  /** Web only; 0 to 1; beta. */
  virtual_machine_ml_score?: number;
  /** Android only. */
  emulator?: boolean;
  /** Android only. */
  cloned_app?: boolean;
  /** Android only: root management apps found. */
  root_apps?: boolean;
  /** iOS only. */
  jailbroken?: boolean;
  /** iOS only: running in the iOS Simulator. */
  simulator?: boolean;
  /** Android and iOS only. */
  frida?: boolean;
  /** Android and iOS only. */
  location_spoofing?: boolean;
  /** Android and iOS only: the requests to Fingerprint were intercepted. */
  mitm_attack?: boolean;
  /** Android and iOS only (SDK 2.16.0+): a phone or VoIP call was active. */
  active_call?: boolean;
  high_activity_device?: boolean;
  /** Web only; beta. */
  rare_device?: boolean;
  /** Web only; beta. */
  rare_device_percentile_bucket?: RareDevicePercentileBucket;
  /**
   * Android and iOS only: the last factory reset, in epoch milliseconds (FactoryReset.yaml's
   * example is `1708102555327`). 0 when none was detected, and on the web.
   */
  factory_reset_timestamp?: number;
  /** An integer from 0 up to the sum of all smart-signal weights: the weighted suspicious signals. */
  suspect_score?: number;
  tampering?: boolean;
  tampering_confidence?: Confidence3;
  /** 0 to 1: likelihood of an anti-detect browser; the schema calls above 0.8 actionable. */
  tampering_ml_score?: number;
  tampering_details?: TamperingDetails;
  velocity?: Velocity;
  /** Beta. */
  labels?: EventLabel[];
  raw_device_attributes?: RawDeviceAttributes;

  // Rules.

  rule_action?: EventRuleAction;
}
