/** The network side of the event: IP geolocation and ASN, blocklists, proxy and VPN detection. */

/** A region of a country, e.g. a state (GeolocationSubdivisions). */
export interface GeolocationSubdivision {
  iso_code: string;
  name: string;
}

/** Where the IP address is located (smartsignals/Geolocation.yaml). */
export interface Geolocation {
  /** Kilometres: the address is likely within this radius of the point. */
  accuracy_radius?: number;
  latitude?: number;
  longitude?: number;
  postal_code?: string;
  /** IANA name, e.g. `Europe/Prague`. */
  timezone?: string;
  city_name?: string;
  country_code?: string;
  country_name?: string;
  continent_code?: string;
  continent_name?: string;
  subdivisions?: GeolocationSubdivision[];
}

/** One address of `ip_info` (IPInfoV4.yaml and IPInfoV6.yaml have the same fields). */
export interface IPInfoEntry {
  address: string;
  geolocation?: Geolocation;
  /** The AS number, as a string. */
  asn?: string;
  asn_name?: string;
  /** CIDR. */
  asn_network?: string;
  /** Free text in the schema, e.g. `isp`, `hosting`, `business`, `education`. */
  asn_type?: string;
  /** `true` when the address belongs to a data centre. */
  datacenter_result?: boolean;
  datacenter_name?: string;
}

/** `ip_info.v4` (IPInfoV4.yaml). */
export type IPInfoV4 = IPInfoEntry;
/** `ip_info.v6` (IPInfoV6.yaml). */
export type IPInfoV6 = IPInfoEntry;

/** The request's address, per IP version (IPInfo.yaml). */
export interface IPInfo {
  v4?: IPInfoV4;
  v6?: IPInfoV6;
}

/** Which blocklists the address is on (IPBlockList.yaml). */
export interface IPBlockList {
  /** Seen in email spam (SMTP) attacks. */
  email_spam?: boolean;
  /** Seen in network attacks (SSH, HTTPS). */
  attack_source?: boolean;
  /** Seen as a Tor node. */
  tor_node?: boolean;
}

/** `proxy_details.proxy_type`; `unknown` when only the ML model detected the proxy. */
export type ProxyType = 'residential' | 'data_center' | 'unknown';

/** Present when `proxy` is true (ProxyDetails.yaml). */
export interface ProxyDetails {
  proxy_type: ProxyType;
  /** Epoch milliseconds, to the hour: when the address was last seen acting as a proxy. */
  last_seen_at?: number;
  /** The last proxy provider seen on this address. */
  provider?: string;
}

/** Which methods flagged the VPN (VpnMethods.yaml). */
export interface VpnMethods {
  /** The device's timezone differs from the IP address's. */
  timezone_mismatch?: boolean;
  /** The address belongs to a public VPN provider. */
  public_vpn?: boolean;
  /** Mobile only: the extra mobile VPN checks. */
  auxiliary_mobile?: boolean;
  /** The OS differs from the one the network signature suggests. */
  os_mismatch?: boolean;
  /** A relay service such as iCloud Private Relay: anonymised, but without a chosen exit country. */
  relay?: boolean;
  /** The ML model's verdict. */
  ml_prediction?: boolean;
}
