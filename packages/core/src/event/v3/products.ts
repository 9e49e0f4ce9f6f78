/** The v3 `{ products }` response: one entry per product, each with its `data` or its `error`. */
import type { GeolocationV3, IdentificationV3, RawDeviceAttributesV3 } from './identification.js';

/** Why a product has no data for this event (v3 Error); `Failed` is Fingerprint's internal error. */
export interface ProductErrorV3 {
  code:
    | 'RequestCannotBeParsed'
    | 'RequestReadTimeout'
    | 'TokenRequired'
    | 'TokenNotFound'
    | 'SubscriptionNotActive'
    | 'WrongRegion'
    | 'FeatureNotEnabled'
    | 'WorkspaceScopedSecretKeyRequired'
    | 'RequestNotFound'
    | 'VisitorNotFound'
    | 'TooManyRequests'
    | '429 Too Many Requests'
    | 'StateNotReady'
    | 'Failed'
    | (string & {});
  message: string;
}

/**
 * One product of a v3 response: its `data`, or an `error` saying why it has none. v3 responses
 * can be partial: one product may fail while the others report.
 */
export interface ProductV3<Data> {
  data?: Data;
  error?: ProductErrorV3;
}

/** A Smart Signal that is one verdict (rootApps, emulator, tor, incognito, clonedApp, …). */
export interface ResultV3 {
  result: boolean;
}

/** `botd.data.bot.result`. */
export type BotResultV3 = 'notDetected' | 'good' | 'bad';

/** `products.botd.data` (v3 Botd). */
export interface BotdV3 {
  bot: { result: BotResultV3; type?: string };
  meta?: Record<string, unknown>;
  linkedId?: string;
  url: string;
  ip: string;
  time: string;
  userAgent: string;
  requestId: string;
}

/** One address of `ipInfo` (v3 IPInfoV4 and IPInfoV6 have the same fields). */
export interface IPInfoEntryV3 {
  address: string;
  geolocation: GeolocationV3;
  asn?: { asn: string; name: string; network: string; type?: string };
  datacenter?: { result: boolean; name: string };
}

/** `products.ipInfo.data`. */
export interface IPInfoV3 {
  v4?: IPInfoEntryV3;
  v6?: IPInfoEntryV3;
}

/** `products.ipBlocklist.data`: `result` is true when the address is on any list. */
export interface IPBlocklistV3 {
  result: boolean;
  details: { emailSpam: boolean; attackSource: boolean };
}

/** `products.vpn.data`. */
export interface VpnV3 {
  result: boolean;
  confidence: 'low' | 'medium' | 'high';
  mlScore?: number;
  originTimezone: string;
  originCountry: string;
  methods: {
    timezoneMismatch: boolean;
    publicVPN: boolean;
    auxiliaryMobile: boolean;
    osMismatch: boolean;
    relay: boolean;
    mlPrediction?: boolean;
  };
}

/** `products.proxy.data`. */
export interface ProxyV3 {
  result: boolean;
  confidence: 'low' | 'medium' | 'high';
  details?: { proxyType: 'residential' | 'data_center' | 'unknown'; lastSeenAt?: string } | null;
  mlScore?: number;
}

/** `products.tampering.data`. */
export interface TamperingV3 {
  result: boolean;
  confidence: 'low' | 'medium' | 'high';
  anomalyScore: number;
  mlScore: number;
  antiDetectBrowser: boolean;
}

/** `products.factoryReset.data`: the last factory reset; epoch seconds, 0 when none. */
export interface FactoryResetV3 {
  time: string;
  timestamp: number;
}

/** A counter over three windows (v3 VelocityIntervals). */
export interface VelocityIntervalsV3 {
  '5m': number;
  '1h': number;
  '24h'?: number;
}

/** `products.velocity.data`: each counter is `{}` when Fingerprint has no intervals for it. */
export interface VelocityV3 {
  distinctIp: { intervals?: VelocityIntervalsV3 };
  distinctLinkedId: { intervals?: VelocityIntervalsV3 };
  distinctCountry: { intervals?: VelocityIntervalsV3 };
  events: { intervals?: VelocityIntervalsV3 };
  ipEvents: { intervals?: VelocityIntervalsV3 };
  distinctIpByLinkedId: { intervals?: VelocityIntervalsV3 };
  distinctVisitorIdByLinkedId: { intervals?: VelocityIntervalsV3 };
}

/** `products.rareDevice.data`. */
export interface RareDeviceV3 {
  result?: boolean;
  percentileBucket?: '<p95' | 'p95-p99' | 'p99-p99.5' | 'p99.5-p99.9' | 'p99.9+' | 'not_seen';
}

/** `products.proximity.data`. */
export interface ProximityV3 {
  id: string;
  precisionRadius: 10 | 25 | 65 | 175 | 450 | 1200 | 3300 | 8500 | 22500;
  confidence: number;
}

/** Every product of a v3 response (v3 Products): present only when enabled for the workspace. */
export interface ProductsV3 {
  identification?: ProductV3<IdentificationV3>;
  botd?: ProductV3<BotdV3>;
  rootApps?: ProductV3<ResultV3>;
  emulator?: ProductV3<ResultV3>;
  ipInfo?: ProductV3<IPInfoV3>;
  ipBlocklist?: ProductV3<IPBlocklistV3>;
  tor?: ProductV3<ResultV3>;
  vpn?: ProductV3<VpnV3>;
  proxy?: ProductV3<ProxyV3>;
  incognito?: ProductV3<ResultV3>;
  tampering?: ProductV3<TamperingV3>;
  clonedApp?: ProductV3<ResultV3>;
  factoryReset?: ProductV3<FactoryResetV3>;
  jailbroken?: ProductV3<ResultV3>;
  frida?: ProductV3<ResultV3>;
  privacySettings?: ProductV3<ResultV3>;
  virtualMachine?: ProductV3<ResultV3 & { mlScore?: number }>;
  rawDeviceAttributes?: ProductV3<RawDeviceAttributesV3>;
  highActivity?: ProductV3<ResultV3 & { dailyRequests?: number }>;
  locationSpoofing?: ProductV3<ResultV3>;
  /** `result` is the Suspect Score: a whole number, 0 up to the sum of the Smart Signal weights. */
  suspectScore?: ProductV3<{ result: number }>;
  remoteControl?: ProductV3<ResultV3>;
  velocity?: ProductV3<VelocityV3>;
  developerTools?: ProductV3<ResultV3>;
  mitmAttack?: ProductV3<ResultV3>;
  rareDevice?: ProductV3<RareDeviceV3>;
  proximity?: ProductV3<ProximityV3>;
  /** Beta: customer-defined labels. */
  labels?: ProductV3<Array<{ label: string; prediction?: boolean; mlScore?: number }>>;
}

/**
 * What a 3.x JavaScript agent seals, and what the v3 Server API answers to
 * `GET /events/{request_id}` (v3 EventsGetResponse, schema of
 * `@fingerprintjs/fingerprintjs-pro-server-api` 6.13). Products your workspace does not have
 * are absent; fields added by newer schemas are kept at run time, untouched.
 */
export interface FingerprintEventV3 {
  products: ProductsV3;
}
