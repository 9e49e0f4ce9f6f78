/** The contract every replay store implements: one atomic insert-if-absent with an expiry. */

/**
 * Remembers which credentials were used. The guard calls `claim` once per authentic, fresh
 * event that passed its rules; a store may answer synchronously or with a Promise.
 *
 * Every claim on a store lasts until the event's timestamp plus the store's `windowMs`, so all
 * guards, processes and isolates sharing the keyspace agree on how long a claim lives. Expiry
 * is judged by the app's clock (the `expiresAtMs` it passes, or a TTL relative to its
 * `Date.now()`), never by the store server's. A store refuses (throws or rejects) once closed.
 *
 * @example
 * const store: ReplayStore = {
 *   async claim(key, expiresAtMs) {
 *     return (await redis.set(`seen:${key}`, '1', { NX: true, PXAT: expiresAtMs })) === 'OK';
 *   },
 *   async release(key) {
 *     await redis.del(`seen:${key}`);
 *   },
 * };
 */
export interface ReplayStore {
  /**
   * The longest acceptance window this keyspace serves, in ms: every claim lasts this long from
   * the event's timestamp, and a guard whose `maxAge + clockSkew` is longer is `CONFIG_INVALID`.
   * Default (when absent) 15 minutes. Every store on one keyspace must declare the same window.
   */
  readonly windowMs?: number;
  /**
   * Atomically records `key` until `expiresAtMs` (epoch ms). Resolves true the first time,
   * false if the key is already recorded and not yet expired (whatever the new expiry). A key
   * is expired from `expiresAtMs` on: at that very millisecond it no longer blocks a claim.
   */
  claim(key: string, expiresAtMs: number): boolean | Promise<boolean>;
  /**
   * Forgets `key`, so that the next claim of it is true again. Used by flows that give a claim
   * back when the work it guarded failed (a webhook handler that threw, so the provider's retry
   * is processed). Forgetting a key that is not recorded does nothing.
   */
  release?(key: string): void | Promise<void>;
  /** Frees what the store holds; from then on `claim` and `release` throw or reject, never accept. */
  close?(): void | Promise<void>;
}
