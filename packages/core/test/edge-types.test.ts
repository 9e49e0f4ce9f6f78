/** The /v4/edge types against the schema's own examples: each shape type-checks, reads as the guard reads it, and the mistakes do not compile. */
import { describe, expect, it } from 'vitest';
import { edgeSignals } from '../src/edge/read-edge.js';
import { toEdgeEvent } from '../src/server-api/edge-event.js';
import type { FingerprintEdgeEvent, FingerprintEdgeRequest } from '../src/index.js';
import { expectGuardError } from './helpers.js';

// Every value below is made up. The shapes follow the OpenAPI schema's edge examples
// (paths/examples/edge/analyze.json for the request; analyze_200.json, analyze_200_non_bot.json
// and analyze_200_proxy.json for the answers) and the current EventEdge (event_id, timestamp, source).
// The examples themselves, byte for byte, are compiled and run through the guard in v4-examples.test.ts.

const NOW = 1_767_312_000_000;

/** analyze.json: a POST with Web Bot Auth headers, IPv4. */
const request = {
  headers: [
    { name: 'User-Agent', value: 'Mozilla/5.0 (compatible; ExampleAgent/1.0)' },
    { name: 'Host', value: 'shop.example.org' },
    { name: 'Signature-Agent', value: '"https://agent.example.net"' },
    { name: 'Signature-Input', value: 'sig1=("@authority" "signature-agent");created=1767312000;alg="ed25519"' },
    { name: 'Signature', value: 'sig1=:bm90IGEgcmVhbCBzaWduYXR1cmU=:' },
    { name: 'Authorization', value: '' },
  ],
  method: 'POST',
  url: 'https://shop.example.org/signup?plan=pro',
  ipv4_address: '198.51.100.23',
} satisfies FingerprintEdgeRequest;

const ipInfo = (address: string, hosting: boolean) => ({
  v4: {
    address,
    geolocation: {
      accuracy_radius: 20,
      latitude: 48.1374,
      longitude: 11.5755,
      postal_code: '80331',
      timezone: 'Europe/Berlin',
      city_name: 'Munich',
      country_code: 'DE',
      country_name: 'Germany',
      continent_code: 'EU',
      continent_name: 'Europe',
      subdivisions: [{ iso_code: 'BY', name: 'Bavaria' }],
    },
    asn: '64500',
    asn_name: 'Example Hosting',
    asn_network: '198.51.100.0/24',
    asn_type: hosting ? 'hosting' : 'isp',
    datacenter_result: hosting,
    ...(hosting ? { datacenter_name: 'Example Cloud' } : {}),
  },
});

/** analyze_200.json: a signed AI agent, no proxy/VPN fields. */
const botDetected = {
  ip_info: ipInfo('198.51.100.23', true),
  bot_info: {
    category: 'ai_agent',
    provider: 'Example Agents',
    provider_url: 'https://agent.example.net',
    name: 'Example Agent',
    identity: 'signed',
    confidence: 'high',
  },
} satisfies FingerprintEdgeEvent;

/** analyze_200_non_bot.json: no bot_info, proxy and VPN reported false. */
const noBot = {
  ip_info: ipInfo('203.0.113.8', false),
  proxy: false,
  proxy_confidence: 'high',
  vpn: false,
  vpn_confidence: 'medium',
  vpn_methods: { public_vpn: false, relay: false },
} satisfies FingerprintEdgeEvent;

/** analyze_200_proxy.json: a data-centre proxy with its details. */
const proxyDetected = {
  ...noBot,
  proxy: true,
  proxy_details: { proxy_type: 'data_center', last_seen_at: NOW - 86_400_000, provider: 'Example Proxies' },
} satisfies FingerprintEdgeEvent;

/** The current EventEdge: the same, with the event's id, time and source. */
const eventEdge = {
  event_id: `${NOW}.eDg3x1`,
  timestamp: NOW,
  source: 'edge',
  url: request.url,
  ...botDetected,
} satisfies FingerprintEdgeEvent;

describe('the /v4/edge types and the schema’s examples', () => {
  it('reads each answer as the guard reads it', () => {
    const read = (answer: FingerprintEdgeEvent) => edgeSignals(toEdgeEvent({ ...answer }, 'the API'));
    expect(read(botDetected)).toEqual({ bot: true, goodBot: false, vpn: undefined, proxy: undefined });
    expect(read(noBot)).toEqual({ bot: false, goodBot: false, vpn: false, proxy: false });
    expect(read(proxyDetected)).toEqual({ bot: false, goodBot: false, vpn: false, proxy: true });
    expect(read(eventEdge)).toMatchObject({ bot: true });
    const verified = { ...botDetected, bot_info: { ...botDetected.bot_info, identity: 'verified' as const } };
    expect(read(verified)).toMatchObject({ bot: false, goodBot: true });
  });

  it('refuses an answer that is not an edge evaluation as PROVIDER_UNAVAILABLE', async () => {
    for (const answer of [{}, { ip_info: 'x' }, { ...eventEdge, source: 'device' }, { ...noBot, event_id: 42 }]) {
      await expectGuardError(
        Promise.resolve().then(() => toEdgeEvent(answer, 'the API')),
        'PROVIDER_UNAVAILABLE',
      );
    }
  });

  it('does not compile the mistakes', () => {
    // @ts-expect-error ip_info is required in every version of the answer.
    const noIpInfo: FingerprintEdgeEvent = { bot_info: botDetected.bot_info };
    // @ts-expect-error an edge event's source is 'edge' only.
    const device: FingerprintEdgeEvent = { ...noBot, source: 'device' };
    // @ts-expect-error a header line's value is one string (a repeated header is several lines).
    const joined: FingerprintEdgeRequest = { ...request, headers: [{ name: 'Accept', value: ['a', 'b'] }] };
    // @ts-expect-error method and url are required.
    const bare: FingerprintEdgeRequest = { headers: request.headers };
    expect([noIpInfo, device, joined, bare]).toHaveLength(4);
  });
});
