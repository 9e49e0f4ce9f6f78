/** Claim keys as stored: short, well-formed keys as they are, any other as its SHA-256 (WebCrypto, every runtime). */

/**
 * `key` itself when it has at most `maxKeyLength` UTF-16 units and no lone surrogate; otherwise
 * `sha256:<43 base64url chars>`. A lone surrogate cannot travel as UTF-8 (it would become U+FFFD,
 * and two keys one), so such keys are hashed from their UTF-16 code units.
 */
export async function storedKey(key: string, maxKeyLength: number): Promise<string> {
  if (key.length <= maxKeyLength && isWellFormed(key)) return key;
  const units = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    units[2 * i] = unit & 0xff;
    units[2 * i + 1] = unit >> 8;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', units));
  return `sha256:${base64url(digest)}`;
}

const isWellFormed = (key: string) => (key as string & { isWellFormed(): boolean }).isWellFormed();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
