/** The v4 Event types against schema 3.7.0: realistic events type-check, the old mistakes do not, the vectors agree. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type {
  BotInfo,
  BotInfoCategory,
  BotResult,
  EventRuleAction,
  FingerprintEvent,
  KnownRuleActionType,
  ProxyDetails,
  RawDeviceAttributes,
} from '../src/index.js';

// Every value below is made up. The shapes follow the schema's example events
// (events/get_event_200.json, get_event_ruleset_200.json, get_event_with_bot_info_200.json,
// webhook/webhook_event.json) and, for mobile, the fields the schema marks android / ios.

const NOW = 1_767_312_000_000; // 2026-01-02T00:00:00Z, epoch milliseconds

/** Web, desktop Chrome, every browser smart signal and the 3.5-3.7 additions. */
const webDesktop = {
  event_id: `${NOW}.aB3dE9`,
  timestamp: NOW,
  source: 'device',
  incremental_identification_status: 'completed',
  linked_id: 'order-88231',
  environment_id: 'ae_0f1e2d3c4b5a6978',
  tags: { cart: { items: 3 }, campaign: 'winter' },
  url: 'https://shop.example.org/checkout?step=2',
  ip_address: '198.51.100.23',
  user_agent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36',
  client_referrer: 'https://shop.example.org/cart',
  device: 'Desktop',
  os: 'Windows',
  os_version: '10',
  browser_details: {
    browser_name: 'Chrome',
    browser_major_version: '132',
    browser_full_version: '132.0.6834',
    os: 'Windows',
    os_version: '10',
    device: 'Other',
  },
  identification: {
    visitor_id: 'Q7mZp2LxV9cR4tWy8KbN',
    confidence: { score: 0.995, version: '1.1' },
    visitor_found: true,
    first_seen_at: NOW - 40 * 86_400_000,
    last_seen_at: NOW - 3_600_000,
  },
  supplementary_id_high_recall: {
    visitor_id: 'Hr4Kq8Zt2Lm6Pw0Xv3Yc_hr',
    visitor_found: true,
    confidence: { score: 0, version: 'Not Supported' },
    first_seen_at: NOW - 41 * 86_400_000,
    last_seen_at: NOW - 3_600_000,
  },
  bot: 'not_detected',
  ip_info: {
    v4: {
      address: '198.51.100.23',
      geolocation: {
        accuracy_radius: 50,
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
      asn_name: 'Example Telecom',
      asn_network: '198.51.100.0/24',
      asn_type: 'isp',
      datacenter_result: false,
      datacenter_name: '',
    },
    v6: { address: '2001:db8:85a3::8a2e:370:7334', asn: '64501', asn_type: 'isp', datacenter_result: false },
  },
  ip_blocklist: { email_spam: false, attack_source: false, tor_node: false },
  proxy: false,
  proxy_confidence: 'high',
  proxy_ml_score: 0.012,
  vpn: false,
  vpn_confidence: 'high',
  vpn_ml_score: 0.004,
  vpn_origin_timezone: 'Europe/Berlin',
  vpn_methods: {
    timezone_mismatch: false,
    public_vpn: false,
    auxiliary_mobile: false,
    os_mismatch: false,
    relay: false,
    ml_prediction: false,
  },
  incognito: false,
  tampering: false,
  tampering_confidence: 'high',
  tampering_ml_score: 0.07,
  tampering_details: { anomaly_score: 0.12, anti_detect_browser: false },
  developer_tools: false,
  privacy_settings: false,
  virtual_machine: false,
  virtual_machine_ml_score: 0.03,
  high_activity_device: false,
  rare_device: false,
  rare_device_percentile_bucket: 'p95-p99',
  suspect_score: 0,
  replayed: false,
  sdk: {
    platform: 'js',
    version: '4.2.1',
    integrations: [
      { name: 'fingerprint-pro-react', version: '3.2.0', subintegration: { name: 'next', version: '15.1.0' } },
    ],
  },
  velocity: {
    distinct_ip: { '5_minutes': 1, '1_hour': 1, '24_hours': 2 },
    distinct_linked_id: { '5_minutes': 1, '1_hour': 1, '24_hours': 1 },
    distinct_country: { '5_minutes': 1, '1_hour': 1, '24_hours': 1 },
    events: { '5_minutes': 2, '1_hour': 4, '24_hours': 9 },
    ip_events: { '5_minutes': 2, '1_hour': 6, '24_hours': 15 },
    distinct_ip_by_linked_id: { '5_minutes': 1, '1_hour': 1 },
    distinct_visitor_id_by_linked_id: { '5_minutes': 1, '1_hour': 1 },
  },
  labels: [{ label: 'account_takeover', prediction: false, ml_score: 0.02 }],
  raw_device_attributes: {
    font_preferences: {
      default: 149.3125,
      serif: 149.3125,
      sans: 145.5,
      mono: 132.8,
      apple: 149.3125,
      min: 9.5,
      system: 147.1,
    },
    emoji: { font: 'Segoe UI Emoji', width: 1602, height: 19, top: 13, bottom: 32, left: 8, right: 1610, x: 8, y: 13 },
    fonts: ['Calibri', 'Cambria', 'Consolas', 'Segoe UI'],
    device_memory: 16,
    timezone: 'Europe/Berlin',
    canvas: { winding: true, geometry: '0c9a1e7d3b5f42a8c6e1d0b9f7a3c5e2', text: '9f1b7c3e5a2d4068b1c3e5f7a9d2b4c6' },
    languages: [['de-DE', 'de', 'en-US']],
    webgl_extensions: {
      context_attributes: '1a2b3c4d5e6f708192a3b4c5d6e7f809',
      parameters: '2b3c4d5e6f708192a3b4c5d6e7f8091a',
      shader_precisions: '3c4d5e6f708192a3b4c5d6e7f8091a2b',
      extensions: '4d5e6f708192a3b4c5d6e7f8091a2b3c',
      extension_parameters: '5e6f708192a3b4c5d6e7f8091a2b3c4d',
      unsupported_extensions: [],
    },
    webgl_basics: {
      version: 'WebGL 1.0 (OpenGL ES 2.0 Chromium)',
      vendor: 'WebKit',
      vendor_unmasked: 'Google Inc. (NVIDIA)',
      renderer: 'WebKit WebGL',
      renderer_unmasked: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      shading_language_version: 'WebGL GLSL ES 1.0 (OpenGL ES GLSL ES 1.0 Chromium)',
    },
    screen_resolution: [2560, 1440],
    touch_support: { touch_event: false, touch_start: false, max_touch_points: 0 },
    architecture: 255,
    cookies_enabled: true,
    hardware_concurrency: 12,
    date_time_locale: 'de-DE',
    vendor: 'Google Inc.',
    color_depth: 24,
    platform: 'Win32',
    session_storage: true,
    local_storage: true,
    audio: 124.04344968475198,
    plugins: [
      {
        name: 'PDF Viewer',
        description: 'Portable Document Format',
        mimeTypes: [{ type: 'application/pdf', suffixes: 'pdf' }],
      },
    ],
    indexed_db: true,
    math: '7d1e9b3c5a2f4e6d8c0b1a3e5f7d9c2b',
    font_hash: 'c4e6a8b0d2f41357a9c1e3b5d7f90246',
    timezone_offset: '+01:00',
    battery_level: 64,
    battery_charging: true,
    keyboard_layout_hash: 'e1d3c5b7a9f0e2d4c6b8a0f1e3d5c7b9',
    keyboard_layout_name: 'de-DE',
  },
} satisfies FingerprintEvent;

/** Android: package name, the android-only signals, factory reset in epoch milliseconds. */
const android = {
  event_id: `${NOW + 1_000}.Zx81Qp`,
  timestamp: NOW + 1_000,
  source: 'device',
  linked_id: 'user-4411',
  package_name: 'org.example.wallet',
  ip_address: '203.0.113.77',
  user_agent: 'okhttp/4.12.0',
  device: 'Generic Smartphone',
  os: 'Android',
  os_version: '14',
  identification: {
    visitor_id: 'Ab12Cd34Ef56Gh78Ij90',
    confidence: { score: 0.98, version: '1.1' },
    visitor_found: false,
  },
  proximity: { id: 'k2PzR8vQw1t', precision_radius: 65, confidence: 0.91 },
  sdk: { platform: 'android', version: '2.16.1' },
  replayed: false,
  emulator: false,
  root_apps: false,
  cloned_app: false,
  frida: false,
  developer_tools: true,
  location_spoofing: false,
  mitm_attack: false,
  active_call: false,
  factory_reset_timestamp: NOW - 12 * 86_400_000,
  vpn: true,
  vpn_confidence: 'medium',
  vpn_origin_country: 'PL',
  vpn_methods: { auxiliary_mobile: true, public_vpn: false },
  proxy: false,
  proxy_confidence: 'high',
  tampering: false,
  ip_blocklist: { email_spam: false, attack_source: false, tor_node: false },
  high_activity_device: false,
  suspect_score: 11,
  raw_device_attributes: {
    device_manufacturer: 'samsung',
    device_model: 'SM-S921B',
    device_memory: 8,
    languages: [['pl-PL']],
    battery_level: 38,
    battery_low_power_mode: false,
  },
} satisfies FingerprintEvent;

/** iOS on a simulator: bundle id, the ios-only signals, no factory reset seen (0). */
const iosSimulator = {
  event_id: `${NOW + 2_000}.Io5Sim`,
  timestamp: NOW + 2_000,
  source: 'device',
  bundle_id: 'org.example.wallet',
  ip_address: '192.0.2.14',
  user_agent: 'WalletApp/7.3 CFNetwork/1494.0.7 Darwin/23.4.0',
  device: 'iPhone',
  os: 'iOS',
  os_version: '17.4',
  identification: { visitor_id: 'Zy98Xw76Vu54Ts32Rq10', confidence: { score: 0.97 }, visitor_found: true },
  proximity: { id: 'p9QwE3rTy6u', precision_radius: 1200, confidence: 0.64 },
  sdk: { platform: 'ios', version: '2.16.0' },
  replayed: false,
  simulator: true,
  jailbroken: false,
  frida: false,
  location_spoofing: true,
  mitm_attack: false,
  active_call: false,
  factory_reset_timestamp: 0,
  suspect_score: 27,
  raw_device_attributes: {
    device_manufacturer: 'Apple',
    device_model: 'iPhone 15 Pro',
    hardware_concurrency: 6,
    languages: [['en-GB', 'en']],
    screen_resolution: [1179, 2556],
    battery_level: 100,
    battery_low_power_mode: false,
  },
} satisfies FingerprintEvent;

/** Incremental identification, minimal request only: smart-signal values are not computed. */
const partiallyCompleted = {
  event_id: `${NOW + 3_000}.Pc7Min`,
  timestamp: NOW + 3_000,
  incremental_identification_status: 'partially_completed',
  url: 'https://shop.example.org/',
  ip_address: '198.51.100.23',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0',
  browser_details: {
    browser_name: 'Firefox',
    browser_major_version: '134',
    browser_full_version: '134.0',
    os: 'Linux',
    os_version: '',
    device: 'Other',
  },
  identification: {
    visitor_id: 'Mn34Op56Qr78St90Uv12',
    confidence: { score: 0.93, version: '1.1' },
    visitor_found: true,
  },
  sdk: { platform: 'js', version: '4.2.1' },
  replayed: false,
  tags: {},
} satisfies FingerprintEvent;

/** A ruleset blocked a known AI agent: bot_info plus a block rule_action, delivered as a webhook. */
const blockedAgent = {
  event_id: `${NOW + 4_000}.Bk2Bot`,
  timestamp: NOW + 4_000,
  source: 'device',
  incremental_identification_status: 'completed',
  url: 'https://shop.example.org/api/search',
  ip_address: '192.0.2.201',
  user_agent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  identification: {
    visitor_id: 'Bt11Bt22Bt33Bt44Bt55',
    confidence: { score: 0.72, comment: 'lower confidence: automated browser' },
    visitor_found: false,
  },
  bot: 'good',
  bot_type: 'ai_agent_browser',
  bot_info: {
    category: 'ai_agent',
    provider: 'Example AI Labs',
    provider_url: 'https://ai.example.com',
    name: 'ExampleAgent',
    identity: 'signed',
    confidence: 'high',
  },
  sdk: { platform: 'js', version: '4.2.1' },
  replayed: false,
  rule_action: {
    type: 'block',
    ruleset_id: 'rs_Xk29fQpL0aZ7Tm',
    rule_id: 'r_Pq81LmZ2xW5vC0',
    rule_expression: 'bot_info.category == "ai_agent"',
    status_code: 429,
    headers: [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Retry-After', value: '120' },
    ],
    body: '{"error":"agents are not allowed here"}',
  },
  triggered_by: [
    { id: 'r_Pq81LmZ2xW5vC0', name: 'No AI agents on search', description: 'Blocks identified AI agents' },
  ],
} satisfies FingerprintEvent;

/** The other rule_action variant: forward, with header changes in remove, set, append order. */
const allowWithHeaders = {
  type: 'allow',
  ruleset_id: 'rs_Xk29fQpL0aZ7Tm',
  rule_id: 'r_Aa00Bb11Cc22Dd',
  request_header_modifications: {
    remove: ['X-Debug'],
    set: [{ name: 'X-Risk', value: 'low' }],
    append: [{ name: 'Via', value: 'fingerprint-rules' }],
  },
} satisfies EventRuleAction;

/** What a consumer writes: allow and block are typed by narrowing, and a newer type needs its own branch. */
function actionSummary(action: EventRuleAction): string {
  switch (action.type) {
    case 'allow':
      return `allow, ${action.request_header_modifications?.set?.length ?? 0} header(s) set`;
    case 'block':
      return `block with ${action.status_code ?? 'no status'}`;
    default:
      return `${action.type}, not known here`;
  }
}

// The old types accepted each of these; schema 3.7.0 does not.
const oldMistakes = [
  // raw_device_attributes.timezone_offset is a "±HH:MM" string (TimezoneOffset.yaml), not minutes.
  // @ts-expect-error -- a number offset is not the schema's type
  { timezone_offset: -120 } satisfies RawDeviceAttributes,
  // The nine categories the old list invented (scraper, seo, fetcher, ...) are not in BotInfoCategory.yaml.
  // @ts-expect-error -- not a schema category
  'scraper' satisfies BotInfoCategory,
  // @ts-expect-error -- not a schema category
  'social_media' satisfies BotInfoCategory,
  // Both variants require ruleset_id (EventRuleAction.yaml).
  // @ts-expect-error -- ruleset_id is required
  { type: 'block', status_code: 403 } satisfies EventRuleAction,
  // The type field itself is required: it is the discriminator.
  // @ts-expect-error -- type is required
  { ruleset_id: 'rs_1' } satisfies EventRuleAction,
  // Block's fields keep their types: status_code is an integer, headers are name/value pairs.
  // @ts-expect-error -- status_code is a number
  { type: 'block', ruleset_id: 'rs_1', status_code: '403' } satisfies EventRuleAction,
  // A type newer than the schema is open, but cannot borrow block's fields with other types.
  // @ts-expect-error -- status_code is a number, whatever the type
  { type: 'challenge', ruleset_id: 'rs_1', status_code: '403' } satisfies EventRuleAction,
];

// RuleActionType.yaml has allow and block; the union stays open to the types Fingerprint adds.
const newerAction = { type: 'challenge', ruleset_id: 'rs_1', challenge_url: '/verify' } satisfies EventRuleAction;

/** Compile-time equality of two unions: both must be `true` for the assignment to type-check. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** BotInfoCategory.yaml, in its order: the runtime list is checked against the type both ways. */
const BOT_INFO_CATEGORIES = [
  'advertising_and_marketing',
  'aggregator',
  'ai_agent',
  'ai_assistant',
  'ai_browser',
  'ai_crawler',
  'ai_search',
  'browser_automation',
  'ecommerce',
  'monitoring_and_analytics',
  'other',
  'scraping',
  'security',
  'search_engine_crawler',
  'search_engine_optimization',
  'unknown',
] as const;
const BOT_RESULTS = ['bad', 'good', 'not_detected'] as const;
const RULE_ACTION_TYPES = ['allow', 'block'] as const;
const PROXY_TYPES = ['residential', 'data_center', 'unknown'] as const;
const SDK_PLATFORMS = ['js', 'android', 'ios', 'unknown'] as const;
const INCREMENTAL_STATUSES = ['partially_completed', 'completed'] as const;

const listsMatchTypes: [
  Same<(typeof BOT_INFO_CATEGORIES)[number], BotInfoCategory>,
  Same<(typeof BOT_RESULTS)[number], BotResult>,
  Same<(typeof RULE_ACTION_TYPES)[number], KnownRuleActionType>,
  Same<(typeof PROXY_TYPES)[number], ProxyDetails['proxy_type']>,
  Same<(typeof SDK_PLATFORMS)[number], NonNullable<FingerprintEvent['sdk']>['platform']>,
  Same<(typeof INCREMENTAL_STATUSES)[number], NonNullable<FingerprintEvent['incremental_identification_status']>>,
] = [true, true, true, true, true, true];

const EPOCH_MS_2020 = 1_577_836_800_000;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

describe('v4 Event types, schema 3.7.0', () => {
  const events: FingerprintEvent[] = [webDesktop, android, iosSimulator, partiallyCompleted, blockedAgent];

  it('realistic web, Android, iOS, partial and rule-action events type-check (the test is tsc; these are sanity checks)', () => {
    for (const event of events) {
      expect(event.event_id.split('.')[0]).toBe(String(event.timestamp));
      expect(event.timestamp).toBeGreaterThan(EPOCH_MS_2020);
    }
    expect(webDesktop.raw_device_attributes.timezone_offset).toMatch(OFFSET);
    expect(android.factory_reset_timestamp).toBeGreaterThan(EPOCH_MS_2020); // epoch ms, like every timestamp in the schema
    expect(iosSimulator.simulator).toBe(true);
    expect(partiallyCompleted.incremental_identification_status).toBe('partially_completed');
    expect(actionSummary(blockedAgent.rule_action)).toBe('block with 429');
    expect(actionSummary(allowWithHeaders)).toBe('allow, 1 header(s) set');
    expect(actionSummary(newerAction)).toBe('challenge, not known here');
    expect(oldMistakes).toHaveLength(7);
    expect(listsMatchTypes.every(Boolean)).toBe(true);
  });

  it('bot_info.category is a plain string in BotInfo.yaml: a category newer than 3.7.0 still type-checks', () => {
    // BotInfoCategory (the documented values, also the search filter's enum) is closed; the event
    // field keeps an open escape because the schema types it as a string and the list grows.
    const newer = { ...blockedAgent.bot_info, category: 'quantum_crawler' } satisfies BotInfo;
    const known: BotInfoCategory[] = [...BOT_INFO_CATEGORIES];
    expect(known).toContain(blockedAgent.bot_info.category);
    expect(known).not.toContain(newer.category);
  });
});

const VECTORS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/vectors/fingerprint');
const HAS_VECTORS = existsSync(VECTORS_DIR);
if (!HAS_VECTORS) {
  console.warn(`[event-types] ${VECTORS_DIR} is absent: the schema facts on the shared v4 vectors are skipped.`);
}

/** The v4 events among the vectors' expected payloads, as plain JSON: the checks below do not trust the types. */
function v4Vectors(): [string, Record<string, unknown>][] {
  if (!HAS_VECTORS) return [];
  return readdirSync(VECTORS_DIR)
    .filter((name) => name.endsWith('.expected.json'))
    .map((name): [string, unknown] => [name, JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8'))])
    .filter((entry): entry is [string, Record<string, unknown>] => {
      const payload = entry[1];
      return typeof payload === 'object' && payload !== null && 'event_id' in payload;
    });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function expectEpochMs(value: unknown, what: string): void {
  if (value === undefined) return;
  expect(Number.isInteger(value), what).toBe(true);
  expect(value as number, what).toBeGreaterThan(EPOCH_MS_2020);
}

describe.skipIf(!HAS_VECTORS)('schema facts on the shared v4 vectors', () => {
  const vectors = v4Vectors();

  it('has v4 events to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(2);
  });

  // it.each needs at least one row; with no vectors the placeholder row is skipped.
  const rows: [string, Record<string, unknown>][] = vectors.length > 0 ? vectors : [['(no v4 vector)', {}]];
  it.skipIf(vectors.length === 0).each(rows)('%s: units and enums are the schema’s', (_name, event) => {
    expectEpochMs(event.timestamp, 'timestamp');
    expect(String(event.event_id).split('.')[0], 'event_id starts with an epoch in ms').toMatch(/^\d{13}$/);
    const identification = record(event.identification);
    expectEpochMs(identification?.first_seen_at, 'identification.first_seen_at');
    expectEpochMs(identification?.last_seen_at, 'identification.last_seen_at');
    expectEpochMs(record(event.proxy_details)?.last_seen_at, 'proxy_details.last_seen_at');

    const raw = record(event.raw_device_attributes);
    if (raw !== undefined && 'timezone_offset' in raw) {
      expect(typeof raw.timezone_offset, 'raw_device_attributes.timezone_offset').toBe('string');
      expect(raw.timezone_offset).toMatch(OFFSET);
    }
    if ('factory_reset_timestamp' in event) {
      // 0 means "none detected" (and is what browsers get); anything else is epoch milliseconds.
      const reset = event.factory_reset_timestamp;
      expect(Number.isInteger(reset)).toBe(true);
      if (reset !== 0) expectEpochMs(reset, 'factory_reset_timestamp');
    }

    if ('bot' in event) expect(BOT_RESULTS).toContain(event.bot);
    const botInfo = record(event.bot_info);
    if (botInfo !== undefined) expect(typeof botInfo.category).toBe('string');
    const sdk = record(event.sdk);
    if (sdk !== undefined) expect(SDK_PLATFORMS).toContain(sdk.platform);
    if ('incremental_identification_status' in event)
      expect(INCREMENTAL_STATUSES).toContain(event.incremental_identification_status);
    const proxyDetails = record(event.proxy_details);
    if (proxyDetails !== undefined) expect(PROXY_TYPES).toContain(proxyDetails.proxy_type);
    const ruleAction = record(event.rule_action);
    if (ruleAction !== undefined) {
      expect(typeof ruleAction.type).toBe('string');
      expect(typeof ruleAction.ruleset_id).toBe('string');
    }
  });
});
