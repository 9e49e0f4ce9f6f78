/** Who the visitor is: identification, the high-recall ID, browser details and proximity. */

/** How likely the identification is a false positive (IdentificationConfidence.yaml). */
export interface IdentificationConfidence {
  /** 0 to 1. The high-recall ID reports 0: it has no confidence score. */
  score: number;
  /** Version of the scoring method; `Not Supported` for the high-recall ID. */
  version?: string;
  comment?: string;
}

/** The visitor ID and whether it was seen before (identification/Identification.yaml). */
export interface Identification {
  /** 20 characters for the standard visitor ID. */
  visitor_id: string;
  visitor_found: boolean;
  confidence?: IdentificationConfidence;
  /** Epoch milliseconds. */
  first_seen_at?: number;
  /** Epoch milliseconds. */
  last_seen_at?: number;
}

/**
 * The high-recall ID (SupplementaryIDHighRecall.yaml): the same fields as `identification`, a
 * visitor ID of up to 25 characters that matches browsers more loosely.
 */
export type SupplementaryIdHighRecall = Identification;

/** Parsed from the user agent; web only (BrowserDetails.yaml). Every field is always present. */
export interface BrowserDetails {
  browser_name: string;
  browser_major_version: string;
  browser_full_version: string;
  os: string;
  os_version: string;
  device: string;
}

/** `proximity.precision_radius`: the zone's radius in metres, one of the grid's fixed levels. */
export type ProximityPrecisionRadius = 10 | 25 | 65 | 175 | 450 | 1200 | 3300 | 8500 | 22500;

/** A fixed zone of a global grid that the device is observed in (Proximity.yaml). */
export interface Proximity {
  /** Stable, privacy-preserving id of the zone. */
  id: string;
  precision_radius: ProximityPrecisionRadius;
  /** 0 to 1: how likely the device really is inside this zone rather than a neighbouring one. */
  confidence: number;
}
