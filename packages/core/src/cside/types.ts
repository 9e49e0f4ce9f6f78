/**
 * cside's fingerprinting payloads, as far as cside documents them. The enrichment objects of the
 * v2 payload have no public shape: they are open records, passed through untouched.
 */
import type { BrowserDetails, Identification, IPBlockList, Proximity } from '../event/types.js';

/** An enrichment object whose fields cside does not document. */
export type CsideEnrichment = Record<string, unknown>;

/** `POST /token/v2/verify` once processing completed (200), and each `/token/v2/device/entries` entry. */
export interface CsideVerifyResponse {
  status: string;
  /** ISO 8601 text or epoch time, depending on the API version. */
  created_at: string | number;
  updated_at?: string | number;
  vpn_evaluation?: CsideEnrichment;
  fingerprint?: CsideEnrichment | string;
  geo_data?: CsideEnrichment;
  ip_enrichment?: CsideEnrichment;
  bot?: CsideEnrichment;
  network_client_metrics?: CsideEnrichment;
  fingerprint_enrichment?: CsideEnrichment;
  [field: string]: unknown;
}

/** `POST /token/v2/device/entries`: one page of completed evaluations for the token's device. */
export interface CsideDeviceEntriesPage {
  device_id: string;
  entries: CsideVerifyResponse[];
  limit?: number;
  offset?: number;
  next_offset?: number | null;
  has_more: boolean;
}

/** The public `/token/v1/client` response, every field cside documents. */
export interface CsideClientResponse {
  linked_id?: string;
  tags?: Record<string, unknown>;
  /** Epoch milliseconds. */
  timestamp?: number;
  event_id?: string;
  url?: string;
  ip_address?: string;
  user_agent?: string;
  client_referrer?: string;
  browser_details?: BrowserDetails;
  identification?: Identification;
  supplementary_id_high_recall?: Identification;
  proximity?: Pick<Proximity, 'id' | 'confidence'> & { precision_radius: number };
  ip_info?: { v4?: { address: string }; v6?: { address: string } };
  ip_blocklist?: IPBlockList;
  bot?: { result: 'detected' | 'not_detected' | (string & {}); score?: number; signal?: string[] };
  root_apps?: boolean;
  emulator?: boolean;
  proxy?: boolean;
  proxy_confidence?: 'low' | 'medium' | 'high';
  vpn?: boolean;
  vpn_confidence?: 'low' | 'medium' | 'high';
  incognito?: boolean;
  tampering?: boolean;
  jailbroken?: boolean;
  frida?: boolean;
  virtual_machine?: boolean;
  developer_tools?: boolean;
  mitm_attack?: boolean;
  replayed?: boolean;
  high_activity_device?: boolean;
  /** Set when an `email` external id was passed to `sendClientTelemetry`. */
  throwawayEmail?: boolean;
  raw_device_attributes?: { math?: string; vendor?: string; [field: string]: unknown };
  [field: string]: unknown;
}
