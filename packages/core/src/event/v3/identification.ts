/** The v3 identification product: who the visitor is, as 3.x agents and the v3 Server API report it (camelCase). */

/** Parsed from the user agent (v3 BrowserDetails; unlike v4, it carries the user agent itself). */
export interface BrowserDetailsV3 {
  browserName: string;
  browserMajorVersion: string;
  browserFullVersion: string;
  os: string;
  osVersion: string;
  device: string;
  userAgent: string;
}

/** A place name (v3 GeolocationCity). */
export interface GeolocationNameV3 {
  name: string;
}

/** A coded place (v3 GeolocationCountry and GeolocationContinent). */
export interface GeolocationCodeV3 {
  code: string;
  name: string;
}

/** A region of a country (v3 GeolocationSubdivision). */
export interface GeolocationSubdivisionV3 {
  isoCode: string;
  name: string;
}

/** Where an IP address is located (v3 Geolocation, also the deprecated `ipLocation`). */
export interface GeolocationV3 {
  /** Kilometres. */
  accuracyRadius?: number;
  latitude?: number;
  longitude?: number;
  postalCode?: string;
  /** IANA name, e.g. `Europe/Prague`. */
  timezone?: string;
  city?: GeolocationNameV3;
  country?: GeolocationCodeV3;
  continent?: GeolocationCodeV3;
  subdivisions?: GeolocationSubdivisionV3[];
}

/** How likely the identification is a false positive (v3 IdentificationConfidence). */
export interface IdentificationConfidenceV3 {
  /** 0 to 1. */
  score: number;
  revision?: string;
  comment?: string;
}

/** First or last time the visitor was seen, as ISO 8601 text; `null` when never (v3 IdentificationSeenAt). */
export interface IdentificationSeenAtV3 {
  /** Across all Fingerprint customers. */
  global: string | null;
  /** In your workspace. */
  subscription: string | null;
}

/** One raw attribute: its value, or why it could not be read (v3 RawDeviceAttribute). */
export interface RawDeviceAttributeV3 {
  value?: unknown;
  error?: { name?: string; message?: string };
}

/** Raw attributes by name; Fingerprint keeps their shape open and unstable (v3 RawDeviceAttributes). */
export type RawDeviceAttributesV3 = Record<string, RawDeviceAttributeV3>;

/** The agent that made the request (v3 SDK). */
export interface SdkV3 {
  platform: string;
  version: string;
  integrations?: Array<{ name?: string; version?: string; subintegration?: { name?: string; version?: string } }>;
}

/** `products.identification.data` (v3 Identification). Every time but `timestamp` is ISO 8601 text. */
export interface IdentificationV3 {
  /** 20 characters. */
  visitorId: string;
  /** e.g. `1708102555327.NLOjmg`: v4 calls it `event_id`. */
  requestId: string;
  browserDetails: BrowserDetailsV3;
  incognito: boolean;
  /** The address the identification request came from, as Fingerprint saw it. */
  ip: string;
  /** Deprecated by Fingerprint: empty for applications created after 23 January 2024. */
  ipLocation?: GeolocationV3;
  /** Set by the page through the agent: authenticated, but chosen by whoever ran the page. */
  linkedId?: string;
  /** `true` when you flagged the event as suspect through the Update API. */
  suspect?: boolean;
  /** Epoch milliseconds. */
  timestamp: number;
  /** The same moment as ISO 8601 text. */
  time: string;
  /** The page that made the request. */
  url: string;
  /** Set by the page through the agent: authenticated, but chosen by whoever ran the page. */
  tag: Record<string, unknown>;
  confidence?: IdentificationConfidenceV3;
  visitorFound: boolean;
  firstSeenAt: IdentificationSeenAtV3;
  lastSeenAt: IdentificationSeenAtV3;
  components?: RawDeviceAttributesV3;
  /** `true` when Fingerprint judged that this payload had been sent before (a replay). */
  replayed: boolean;
  sdk?: SdkV3;
  environmentId?: string;
}
