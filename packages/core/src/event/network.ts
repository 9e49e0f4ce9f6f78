/** The network side of the event: IP geolocation and ASN, blocklists, proxy and VPN detection. */

export interface GeolocationSubdivision {
  iso_code: string;
  name: string;
}

export interface Geolocation {
  accuracy_radius?: number;
  latitude?: number;
  longitude?: number;
  postal_code?: string;
  timezone?: string;
  city_name?: string;
  country_code?: string;
  country_name?: string;
  continent_code?: string;
  continent_name?: string;
  subdivisions?: GeolocationSubdivision[];
}

export interface IPInfoEntry {
  address: string;
  geolocation?: Geolocation;
  asn?: string;
  asn_name?: string;
  asn_network?: string;
  asn_type?: string;
  datacenter_result?: boolean;
  datacenter_name?: string;
}

export interface IPInfo {
  v4?: IPInfoEntry;
  v6?: IPInfoEntry;
}

export interface IPBlockList {
  email_spam?: boolean;
  attack_source?: boolean;
  tor_node?: boolean;
}

export interface ProxyDetails {
  proxy_type: 'residential' | 'data_center' | 'unknown';
  last_seen_at?: number;
  provider?: string;
}

export interface VpnMethods {
  timezone_mismatch?: boolean;
  public_vpn?: boolean;
  auxiliary_mobile?: boolean;
  os_mismatch?: boolean;
  relay?: boolean;
  ml_prediction?: boolean;
}
