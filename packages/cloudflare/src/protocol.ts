/** What the store (in your Worker) and ReplayStoreObject (the Durable Object) say to each other. */

/** Raised when either side changes what it sends, so that a Worker and an object of different versions refuse each other. */
export const PROTOCOL_VERSION = 1;

/** The URL of the object's requests; the host is never resolved, only the path is read. */
export const OBJECT_URL = 'https://replay-store.fingerprint-guard.internal';

export interface ClaimMessage {
  v: typeof PROTOCOL_VERSION;
  key: string;
  /** The claim's expiry, epoch ms, by the Worker's clock. */
  expiresAtMs: number;
  /** The Worker's `Date.now()`: the object judges expiry by it, never by its own clock. */
  now: number;
}

export interface ReleaseMessage {
  v: typeof PROTOCOL_VERSION;
  key: string;
}

/** The object's answers: `{ claimed }` to a claim, `{ released: true }` to a release, `{ error }` (4xx/5xx) otherwise. */
export type ObjectAnswer = { claimed: boolean } | { released: true } | { error: string };
