/** Who the visitor is: identification, the high-recall ID, browser details and proximity. */

export interface IdentificationConfidence {
  score: number;
  version?: string;
  comment?: string;
}

export interface Identification {
  visitor_id: string;
  visitor_found: boolean;
  confidence?: IdentificationConfidence;
  /** Epoch milliseconds. */
  first_seen_at?: number;
  /** Epoch milliseconds. */
  last_seen_at?: number;
}

export interface BrowserDetails {
  browser_name: string;
  browser_major_version: string;
  browser_full_version: string;
  os: string;
  os_version: string;
  device: string;
}

export interface Proximity {
  id: string;
  precision_radius: 10 | 25 | 65 | 175 | 450 | 1200 | 3300 | 8500 | 22500;
  confidence: number;
}
