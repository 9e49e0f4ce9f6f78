/** Claim keys as a store keeps them: short, well-formed keys as they are, any other as its SHA-256. */
import { platform } from '#platform';

/**
 * `key` itself when it has at most `maxKeyLength` UTF-16 units and no lone surrogate; otherwise
 * `hashedKey(key)`. A lone surrogate cannot travel as UTF-8 (it would become U+FFFD, and two keys
 * one), so such keys are hashed. Synchronous on every runtime (node:crypto, or the Web build's
 * pure-JS SHA-256), so stores need no crypto import of their own.
 *
 * @example
 * const redisKey = prefix + storedKey(key, 128);
 */
export function storedKey(key: string, maxKeyLength: number): string {
  return key.length <= maxKeyLength && (key as string & { isWellFormed(): boolean }).isWellFormed()
    ? key
    : hashedKey(key);
}

/** `sha256:<43 base64url characters>`, the SHA-256 of the key's UTF-16 code units (little-endian), so no two keys share one. */
export function hashedKey(key: string): string {
  const units = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    units[2 * i] = unit & 0xff;
    units[2 * i + 1] = unit >> 8;
  }
  return `sha256:${platform.sha256Base64Url(units)}`;
}
