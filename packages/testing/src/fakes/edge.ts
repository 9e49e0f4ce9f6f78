/** The fake Fingerprint API's `POST /v4/edge`: the request checked as the schema says, an `EventEdge` answered by verdict. */
import type { FingerprintEdgeEvent, FingerprintEdgeRequest } from '@fingerprint-guard/core';
import { createEventId } from '../event.js';

/**
 * What the fake's edge evaluation finds: nothing (`clean`), a bot of unknown identity (`bot`), a
 * verified search-engine crawler (`verified-bot`), a bot claiming another's identity
 * (`spoofed-bot`), a VPN, or a residential proxy.
 */
export type FakeEdgeVerdict = 'clean' | 'bot' | 'verified-bot' | 'spoofed-bot' | 'vpn' | 'proxy';

/** Chooses the verdict for one request. */
export type FakeEdgeJudge = (request: FingerprintEdgeRequest) => FakeEdgeVerdict;

const BOT_AGENT = /bot|crawler|spider|headless|python-requests|scrapy/i;

/**
 * The default verdict, from the `User-Agent` line only: `Googlebot` is a verified crawler, a
 * user agent that names itself a bot (`bot`, `crawler`, `spider`, `HeadlessChrome`, …) is a bot,
 * anything else is clean. Scripts choose others with `setEdgeVerdict`.
 */
export const judgeByUserAgent: FakeEdgeJudge = (request) => {
  const agent = request.headers.find((line) => line.name.toLowerCase() === 'user-agent')?.value ?? '';
  if (/googlebot/i.test(agent)) return 'verified-bot';
  return BOT_AGENT.test(agent) ? 'bot' : 'clean';
};

const REQUEST_FIELDS = new Set(['headers', 'method', 'url', 'ipv4_address', 'ipv6_address', 'linked_id', 'tags']);

/** Why the real API would answer 400 `request_cannot_be_parsed`, or `undefined` for a well-formed request. */
export function edgeRequestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const request = body as Record<string, unknown>;
  const unknown = Object.keys(request).find((name) => !REQUEST_FIELDS.has(name));
  if (unknown !== undefined) return `unknown field ${unknown}`;
  const { headers, method, url, ipv4_address: v4, ipv6_address: v6 } = request;
  if (typeof method !== 'string' || method === '') return 'method is required';
  if (typeof url !== 'string' || !/^https?:\/\/[^#]+$/.test(url)) return 'url must be an absolute http(s) URL';
  const lines = Array.isArray(headers) ? headers : [];
  const wellFormed = (line: unknown) =>
    typeof line === 'object' &&
    line !== null &&
    Object.keys(line).every((name) => name === 'name' || name === 'value') &&
    typeof (line as FingerprintEdgeRequest['headers'][number]).name === 'string' &&
    typeof (line as FingerprintEdgeRequest['headers'][number]).value === 'string';
  if (lines.length === 0 || !lines.every(wellFormed)) return 'headers must be a non-empty list of { name, value }';
  if (typeof v4 !== 'string' && typeof v6 !== 'string') return 'an IP address is required';
  return undefined;
}

/** The answer for `request`, in the shape of the current schema's `EventEdge`. */
export function edgeEvent(request: FingerprintEdgeRequest, verdict: FakeEdgeVerdict): FingerprintEdgeEvent {
  const timestamp = Date.now();
  const version = request.ipv4_address === undefined ? 'v6' : 'v4';
  const address = request.ipv4_address ?? request.ipv6_address!;
  return {
    event_id: createEventId(timestamp),
    timestamp,
    source: 'edge',
    url: request.url,
    ip_info: {
      [version]: {
        address,
        geolocation: { accuracy_radius: 20, country_code: 'DE', country_name: 'Germany', timezone: 'Europe/Berlin' },
        asn: '64500',
        asn_name: 'Example Telecom',
        asn_type: verdict === 'bot' ? 'hosting' : 'isp',
        datacenter_result: verdict === 'bot',
      },
    },
    ...botInfo(verdict),
    proxy: verdict === 'proxy',
    proxy_confidence: 'high',
    ...(verdict === 'proxy'
      ? { proxy_details: { proxy_type: 'residential', last_seen_at: timestamp - 3_600_000 } }
      : {}),
    vpn: verdict === 'vpn',
    vpn_confidence: verdict === 'vpn' ? 'high' : 'medium',
    vpn_methods: { public_vpn: verdict === 'vpn', relay: false },
  };
}

function botInfo(verdict: FakeEdgeVerdict): Pick<FingerprintEdgeEvent, 'bot_info'> {
  if (verdict === 'verified-bot')
    return {
      bot_info: {
        category: 'search_engine_crawler',
        provider: 'Google',
        name: 'Googlebot',
        identity: 'verified',
        confidence: 'high',
      },
    };
  if (verdict === 'bot' || verdict === 'spoofed-bot')
    return {
      bot_info: {
        category: verdict === 'bot' ? 'scraping' : 'search_engine_crawler',
        provider: verdict === 'bot' ? 'Unknown' : 'Google',
        name: verdict === 'bot' ? 'Scraper' : 'Googlebot',
        identity: verdict === 'bot' ? 'unknown' : 'spoofed',
        confidence: 'high',
      },
    };
  return {};
}
