/**
 * Realistic v3 events (3.x agents, the v3 Server API, legacy webhooks) for tests: the same
 * identification as a v4 event, mapped back along Fingerprint's v3 → v4 migration table.
 */
import type {
  FingerprintEvent,
  FingerprintEventV3,
  GeolocationV3,
  IPInfoEntry,
  IPInfoEntryV3,
  ProductsV3,
  VelocityData,
  WebhookEventV3,
} from '@fingerprint-guard/core';
import { createEvent } from './event.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
/** `{ data: { result } }` when the v4 event reports the signal, nothing otherwise. */
const verdict = (value: boolean | undefined) => (value === undefined ? undefined : { data: { result: value } });
const BOT_RESULTS = { bad: 'bad', good: 'good', not_detected: 'notDetected' } as const;

function geolocation(geo: IPInfoEntry['geolocation']): GeolocationV3 {
  if (!geo) return {};
  return {
    accuracyRadius: geo.accuracy_radius,
    latitude: geo.latitude,
    longitude: geo.longitude,
    postalCode: geo.postal_code,
    timezone: geo.timezone,
    city: geo.city_name === undefined ? undefined : { name: geo.city_name },
    country: geo.country_code === undefined ? undefined : { code: geo.country_code, name: geo.country_name ?? '' },
    continent:
      geo.continent_code === undefined ? undefined : { code: geo.continent_code, name: geo.continent_name ?? '' },
    subdivisions: geo.subdivisions?.map(({ iso_code, name }) => ({ isoCode: iso_code, name })),
  };
}

function ipEntry(entry: IPInfoEntry | undefined): IPInfoEntryV3 | undefined {
  if (!entry) return undefined;
  return {
    address: entry.address,
    geolocation: geolocation(entry.geolocation),
    asn: entry.asn ? { asn: entry.asn, name: entry.asn_name ?? '', network: entry.asn_network ?? '' } : undefined,
    datacenter: { result: entry.datacenter_result ?? false, name: entry.datacenter_name ?? '' },
  };
}

const intervals = (data: VelocityData | undefined) =>
  data ? { intervals: { '5m': data['5_minutes'], '1h': data['1_hour'], '24h': data['24_hours'] } } : {};

/**
 * The v3 `{ products }` response a 3.x agent would have sealed for the same identification as
 * `event`: `requestId` is its `event_id`, each Smart Signal a product with `data.result`, and
 * products the v4 event does not report are absent. JSON keeps only what is defined.
 *
 * @example
 * sealEvent(toEventV3(createEvent({ vpn: true })), key); // a 3.x agent's sealed result, VPN detected
 */
export function toEventV3(event: FingerprintEvent): FingerprintEventV3 {
  const id = event.identification;
  const browser = event.browser_details;
  const time = new Date(event.timestamp).toISOString();
  const blocklist = event.ip_blocklist;
  const products: ProductsV3 = {
    identification: {
      data: {
        visitorId: id?.visitor_id ?? '',
        requestId: event.event_id,
        browserDetails: {
          browserName: browser?.browser_name ?? '',
          browserMajorVersion: browser?.browser_major_version ?? '',
          browserFullVersion: browser?.browser_full_version ?? '',
          os: browser?.os ?? '',
          osVersion: browser?.os_version ?? '',
          device: browser?.device ?? '',
          userAgent: event.user_agent ?? '',
        },
        incognito: event.incognito ?? false,
        ip: event.ip_address ?? '',
        linkedId: event.linked_id,
        suspect: event.suspect,
        timestamp: event.timestamp,
        time,
        url: event.url ?? '',
        tag: event.tags ?? {},
        confidence: id?.confidence && { score: id.confidence.score, revision: id.confidence.version },
        visitorFound: id?.visitor_found ?? false,
        firstSeenAt: { global: iso(id?.first_seen_at), subscription: iso(id?.first_seen_at) },
        lastSeenAt: { global: iso(id?.last_seen_at), subscription: iso(id?.last_seen_at) },
        replayed: event.replayed ?? false,
        sdk: event.sdk,
        environmentId: event.environment_id,
      },
    },
    botd: event.bot && {
      data: {
        bot: { result: BOT_RESULTS[event.bot], type: event.bot_type },
        linkedId: event.linked_id,
        url: event.url ?? '',
        ip: event.ip_address ?? '',
        time,
        userAgent: event.user_agent ?? '',
        requestId: event.event_id,
      },
    },
    ipInfo: event.ip_info && { data: { v4: ipEntry(event.ip_info.v4), v6: ipEntry(event.ip_info.v6) } },
    ipBlocklist: blocklist && {
      data: {
        result: Boolean(blocklist.email_spam || blocklist.attack_source || blocklist.tor_node),
        details: { emailSpam: blocklist.email_spam ?? false, attackSource: blocklist.attack_source ?? false },
      },
    },
    tor: verdict(blocklist?.tor_node),
    vpn:
      event.vpn === undefined
        ? undefined
        : {
            data: {
              result: event.vpn,
              confidence: event.vpn_confidence ?? 'high',
              mlScore: event.vpn_ml_score,
              originTimezone: event.vpn_origin_timezone ?? '',
              originCountry: event.vpn_origin_country ?? 'unknown',
              methods: {
                timezoneMismatch: event.vpn_methods?.timezone_mismatch ?? false,
                publicVPN: event.vpn_methods?.public_vpn ?? false,
                auxiliaryMobile: event.vpn_methods?.auxiliary_mobile ?? false,
                osMismatch: event.vpn_methods?.os_mismatch ?? false,
                relay: event.vpn_methods?.relay ?? false,
              },
            },
          },
    proxy:
      event.proxy === undefined
        ? undefined
        : {
            data: { result: event.proxy, confidence: event.proxy_confidence ?? 'high', mlScore: event.proxy_ml_score },
          },
    tampering:
      event.tampering === undefined
        ? undefined
        : {
            data: {
              result: event.tampering,
              confidence: event.tampering_confidence ?? 'high',
              anomalyScore: event.tampering_details?.anomaly_score ?? 0,
              mlScore: event.tampering_ml_score ?? 0,
              antiDetectBrowser: event.tampering_details?.anti_detect_browser ?? false,
            },
          },
    incognito: verdict(event.incognito),
    rootApps: verdict(event.root_apps),
    emulator: verdict(event.emulator),
    clonedApp: verdict(event.cloned_app),
    jailbroken: verdict(event.jailbroken),
    frida: verdict(event.frida),
    privacySettings: verdict(event.privacy_settings),
    virtualMachine: verdict(event.virtual_machine),
    highActivity: verdict(event.high_activity_device),
    locationSpoofing: verdict(event.location_spoofing),
    developerTools: verdict(event.developer_tools),
    mitmAttack: verdict(event.mitm_attack),
    rareDevice:
      event.rare_device === undefined
        ? undefined
        : { data: { result: event.rare_device, percentileBucket: event.rare_device_percentile_bucket } },
    suspectScore: event.suspect_score === undefined ? undefined : { data: { result: event.suspect_score } },
    velocity: event.velocity && {
      data: {
        distinctIp: intervals(event.velocity.distinct_ip),
        distinctLinkedId: intervals(event.velocity.distinct_linked_id),
        distinctCountry: intervals(event.velocity.distinct_country),
        events: intervals(event.velocity.events),
        ipEvents: intervals(event.velocity.ip_events),
        distinctIpByLinkedId: intervals(event.velocity.distinct_ip_by_linked_id),
        distinctVisitorIdByLinkedId: intervals(event.velocity.distinct_visitor_id_by_linked_id),
      },
    },
  };
  // Through JSON, as the agent sends it: products and fields left undefined are absent.
  return JSON.parse(JSON.stringify({ products })) as FingerprintEventV3;
}

/**
 * A realistic v3 response from a 3.x agent (`sdk.version` 3.11.10), for the same visitor as
 * `createEvent(overrides)`: the overrides take the v4 names (`{ vpn: true }`, `{ bot: 'bad' }`,
 * `{ timestamp }`), so a scenario reads the same for both agents. Edit the result for anything
 * else, e.g. a product that reports an `error`.
 *
 * @example
 * createEventV3({ bot: 'bad' }).products.botd?.data?.bot.result; // 'bad'
 */
export function createEventV3(overrides: Partial<FingerprintEvent> = {}): FingerprintEventV3 {
  return toEventV3(createEvent({ sdk: { platform: 'js', version: '3.11.10' }, ...overrides }));
}

/**
 * The legacy (v3) webhook body for the same identification: the identification's fields at the
 * top level, then each other product's `data` under its name (`vpn: { result }`), `bot` from botd.
 *
 * @example
 * const body = JSON.stringify(createWebhookEventV3({ vpn: true })); // sign it with the webhook secret
 */
export function createWebhookEventV3(overrides: Partial<FingerprintEvent> = {}): WebhookEventV3 {
  const { identification, botd, ...signals } = createEventV3(overrides).products;
  const { components: _components, ...fields } = identification!.data!;
  const flat: Record<string, unknown> = {
    ...fields,
    clientReferrer: overrides.client_referrer ?? 'https://shop.example.com/',
    bot: botd?.data?.bot,
    userAgent: fields.browserDetails.userAgent,
  };
  for (const [name, product] of Object.entries(signals)) flat[name] = product?.data;
  return JSON.parse(JSON.stringify(flat)) as WebhookEventV3;
}
