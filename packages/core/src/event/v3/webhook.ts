/** The legacy (v3) webhook body: the identification's fields at the top level, each Smart Signal flattened. */
import type {
  BrowserDetailsV3,
  GeolocationV3,
  IdentificationConfidenceV3,
  IdentificationSeenAtV3,
  RawDeviceAttributesV3,
  SdkV3,
} from './identification.js';
import type {
  BotdV3,
  FactoryResetV3,
  IPBlocklistV3,
  IPInfoV3,
  ProximityV3,
  ProxyV3,
  RareDeviceV3,
  TamperingV3,
  VelocityV3,
  VpnV3,
} from './products.js';

/** A one-verdict Smart Signal as a webhook carries it (v3 WebhookRootApps, WebhookTor, …). */
export interface WebhookResultV3 {
  result?: boolean;
}

/** The ids a webhook carries for the standard and the high-recall visitor ID (v3 WebhookSupplementaryIDs). */
export interface SupplementaryIdV3 {
  visitorId?: string;
  visitorFound?: boolean;
  confidence?: IdentificationConfidenceV3;
  firstSeenAt?: IdentificationSeenAtV3;
  lastSeenAt?: IdentificationSeenAtV3;
}

/**
 * What a webhook configured for the v3 format posts (v3 Webhook, schema of
 * `@fingerprintjs/fingerprintjs-pro-server-api` 6.13): only `requestId`, `timestamp`, `url`,
 * `ip`, `time` and `sdk` are required, every Smart Signal is optional and flat (`vpn.result`,
 * not `products.vpn.data.result`). Unknown fields are kept.
 */
export interface WebhookEventV3 {
  /** The event's id: v4 calls it `event_id`. Webhooks are deduplicated by it. */
  requestId: string;
  url: string;
  ip: string;
  environmentId?: string;
  tag?: Record<string, unknown>;
  time: string;
  /** Epoch milliseconds. */
  timestamp: number;
  ipLocation?: GeolocationV3;
  linkedId?: string;
  visitorId?: string;
  visitorFound?: boolean;
  confidence?: IdentificationConfidenceV3;
  firstSeenAt?: IdentificationSeenAtV3;
  lastSeenAt?: IdentificationSeenAtV3;
  browserDetails?: BrowserDetailsV3;
  incognito?: boolean;
  clientReferrer?: string;
  components?: RawDeviceAttributesV3;
  bot?: BotdV3['bot'];
  userAgent?: string;
  rootApps?: WebhookResultV3;
  emulator?: WebhookResultV3;
  ipInfo?: IPInfoV3;
  ipBlocklist?: Partial<IPBlocklistV3>;
  tor?: WebhookResultV3;
  vpn?: Partial<VpnV3>;
  proxy?: Partial<ProxyV3>;
  tampering?: Partial<TamperingV3>;
  clonedApp?: WebhookResultV3;
  factoryReset?: Partial<FactoryResetV3>;
  jailbroken?: WebhookResultV3;
  frida?: WebhookResultV3;
  privacySettings?: WebhookResultV3;
  virtualMachine?: { result?: boolean; mlScore?: number };
  rawDeviceAttributes?: RawDeviceAttributesV3;
  highActivity?: { result: boolean; dailyRequests?: number };
  locationSpoofing?: WebhookResultV3;
  suspectScore?: { result?: number };
  remoteControl?: WebhookResultV3;
  velocity?: Partial<VelocityV3>;
  developerTools?: WebhookResultV3;
  mitmAttack?: WebhookResultV3;
  rareDevice?: RareDeviceV3;
  replayed?: boolean;
  sdk: SdkV3;
  supplementaryIds?: { standard: SupplementaryIdV3; highRecall: SupplementaryIdV3 };
  proximity?: ProximityV3;
}
