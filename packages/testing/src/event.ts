/** Realistic Fingerprint v4 events for tests and local development. */
import { randomBytes, randomInt } from 'node:crypto';
import type { FingerprintEvent } from '@fingerprint-guard/core';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** An event id in Fingerprint's format: the epoch in milliseconds, a dot, six characters. */
export function createEventId(timestamp = Date.now()): string {
  return `${timestamp}.${randomAlphanumeric(6)}`;
}

/** A visitor id in Fingerprint's format: 20 alphanumeric characters. */
export function createVisitorId(): string {
  return randomAlphanumeric(20);
}

/**
 * A realistic v4 event from a desktop Chrome visitor with no risk signals: a fresh `event_id`,
 * `timestamp` now, high confidence. `overrides` replace top-level fields (a shallow merge);
 * a new `timestamp` also moves `event_id` unless you pass one.
 *
 * @example
 * createEvent({ bot: 'bad' });
 * createEvent({ timestamp: Date.now() - 10 * 60_000 }); // ten minutes old
 * createEvent({ identification: { visitor_id: 'x', visitor_found: true, confidence: { score: 0.3 } } });
 */
export function createEvent(overrides: Partial<FingerprintEvent> = {}): FingerprintEvent {
  const timestamp = overrides.timestamp ?? Date.now();
  const firstSeenAt = timestamp - randomInt(1, 90) * 86_400_000;
  const base: FingerprintEvent = {
    event_id: createEventId(timestamp),
    timestamp,
    url: 'https://shop.example.com/login',
    ip_address: '203.0.113.42',
    user_agent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    client_referrer: 'https://shop.example.com/',
    browser_details: {
      browser_name: 'Chrome',
      browser_major_version: '131',
      browser_full_version: '131.0.0',
      os: 'Mac OS X',
      os_version: '10.15.7',
      device: 'Other',
    },
    identification: {
      visitor_id: createVisitorId(),
      visitor_found: true,
      confidence: { score: 0.99, version: '1.1' },
      first_seen_at: firstSeenAt,
      last_seen_at: timestamp - randomInt(60_000, 3_600_000),
    },
    supplementary_id_high_recall: {
      visitor_id: createVisitorId(),
      visitor_found: true,
      confidence: { score: 0.99, version: '1.1' },
      first_seen_at: firstSeenAt,
      last_seen_at: timestamp,
    },
    sdk: { platform: 'js', version: '4.1.0' },
    replayed: false,
    tags: {},
    bot: 'not_detected',
    ip_info: {
      v4: {
        address: '203.0.113.42',
        geolocation: {
          accuracy_radius: 20,
          latitude: 50.0755,
          longitude: 14.4378,
          postal_code: '110 00',
          timezone: 'Europe/Prague',
          city_name: 'Prague',
          country_code: 'CZ',
          country_name: 'Czechia',
          continent_code: 'EU',
          continent_name: 'Europe',
          subdivisions: [{ iso_code: '10', name: 'Hlavni mesto Praha' }],
        },
        asn: '5610',
        asn_name: 'O2 Czech Republic, a.s.',
        asn_network: '203.0.113.0/24',
        asn_type: 'isp',
        datacenter_result: false,
      },
    },
    ip_blocklist: { email_spam: false, attack_source: false, tor_node: false },
    proxy: false,
    proxy_confidence: 'high',
    vpn: false,
    vpn_confidence: 'high',
    vpn_origin_timezone: 'Europe/Prague',
    vpn_origin_country: 'unknown',
    vpn_methods: {
      timezone_mismatch: false,
      public_vpn: false,
      auxiliary_mobile: false,
      os_mismatch: false,
      relay: false,
    },
    incognito: false,
    developer_tools: false,
    privacy_settings: false,
    virtual_machine: false,
    emulator: false,
    location_spoofing: false,
    mitm_attack: false,
    high_activity_device: false,
    rare_device: false,
    rare_device_percentile_bucket: '<p95',
    tampering: false,
    tampering_confidence: 'high',
    tampering_ml_score: 0.01,
    tampering_details: { anomaly_score: 0.01, anti_detect_browser: false },
    suspect_score: 0,
    velocity: {
      distinct_ip: { '5_minutes': 1, '1_hour': 1, '24_hours': 1 },
      distinct_country: { '5_minutes': 1, '1_hour': 1, '24_hours': 1 },
      events: { '5_minutes': 1, '1_hour': 3, '24_hours': 7 },
      ip_events: { '5_minutes': 1, '1_hour': 5, '24_hours': 12 },
    },
  };
  return { ...base, ...overrides };
}
