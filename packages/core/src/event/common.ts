/** Value sets shared by several areas of the Fingerprint v4 Event. */

/**
 * The three-level confidence the schema uses for `proxy_confidence`, `vpn_confidence`,
 * `tampering_confidence` and `bot_info.confidence` (each a closed enum of these values).
 */
export type Confidence3 = 'low' | 'medium' | 'high';
