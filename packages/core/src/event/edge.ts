/** The Automation Intelligence API (`POST /v4/edge`, public preview): what is sent about a request, and the evaluation it answers. */
import type { BotInfo } from './bot.js';
import type { Confidence3 } from './common.js';
import type { IPInfo, ProxyDetails, VpnMethods } from './network.js';

/** One header line as sent (EdgeRequest.yaml `headers[]`); a secret's value is sent as `''`. */
export interface FingerprintEdgeHeader {
  name: string;
  value: string;
}

/**
 * The request body of `POST /v4/edge` (EdgeRequest.yaml): the HTTP request your server received,
 * described by its method, absolute URL (no `#fragment`), header lines in order and the client's
 * IP. At least one of `ipv4_address` and `ipv6_address` is required (the API answers 400 without).
 */
export interface FingerprintEdgeRequest {
  /** At least one line; a header that came as several lines is sent as several entries. */
  headers: FingerprintEdgeHeader[];
  method: string;
  /** `http:` or `https:` only. */
  url: string;
  ipv4_address?: string;
  ipv6_address?: string;
  linked_id?: string;
  tags?: Record<string, unknown>;
}

/**
 * What `POST /v4/edge` answers: an IP and bot evaluation of one request, made without the agent,
 * so with no `visitor_id` and none of the device's Smart Signals. The current schema answers an
 * `EventEdge` (`event_id`, `timestamp`, `source: 'edge'`, fetchable later with `GET /v4/events/{id}`);
 * the schema's own response examples predate those three fields (`EdgeResponse.yaml`), so they
 * are optional here. `bot_info` is present only when a bot was detected. Fields added by newer
 * schemas are kept at run time, untouched.
 */
export interface FingerprintEdgeEvent {
  event_id?: string;
  /** Epoch milliseconds. */
  timestamp?: number;
  source?: 'edge';
  /** The URL that was sent. */
  url?: string;
  linked_id?: string;
  tags?: Record<string, unknown>;
  /** Present when the request was made by a bot: who runs it, and whether its identity checks out. */
  bot_info?: BotInfo;
  /** Required: the geolocation, ASN and data-centre verdict of the IP(s) sent. */
  ip_info: IPInfo;
  proxy?: boolean;
  proxy_confidence?: Confidence3;
  /** Present when `proxy` is true. */
  proxy_details?: ProxyDetails;
  vpn?: boolean;
  vpn_confidence?: Confidence3;
  vpn_methods?: VpnMethods;
}
