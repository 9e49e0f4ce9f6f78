/** The contract every replay store implements: one atomic insert-if-absent with an expiry. */

/**
 * Remembers which credentials were used. The guard calls `claim` once per authentic, fresh
 * event; a store may answer synchronously or with a Promise.
 *
 * @example
 * const store: ReplayStore = {
 *   async claim(key, expiresAtMs) {
 *     return (await redis.set(`seen:${key}`, '1', { NX: true, PXAT: expiresAtMs })) === 'OK';
 *   },
 * };
 */
export interface ReplayStore {
  /** Atomically records `key` until `expiresAtMs` (epoch ms). Resolves true the first time,
   *  false if the key is already recorded and not yet expired. */
  claim(key: string, expiresAtMs: number): boolean | Promise<boolean>;
  close?(): void | Promise<void>;
}
