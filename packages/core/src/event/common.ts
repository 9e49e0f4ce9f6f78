/** Value sets shared by several areas of the Fingerprint v4 Event. */

export type Confidence3 = 'low' | 'medium' | 'high';
