/** Seals events the way Fingerprint's agent does, with a key of your own, for offline tests. */
import { createCipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

const HEADER = Buffer.from([0x9e, 0x85, 0xdc, 0xed]);

/**
 * Seals `event` as a Fingerprint sealed result: `0x9E85DCED` | random 12-byte nonce |
 * AES-256-GCM(raw-deflate(JSON)) | 16-byte tag, as base64.
 *
 * @example
 * const key = generateKey();
 * const sealed = sealEvent(createEvent(), key);
 * await createUnsealer({ keys: [key] }).unseal(sealed);
 */
export function sealEvent(event: unknown, key: string | Uint8Array): string {
  return sealPlaintext(deflateRawSync(JSON.stringify(event)), key);
}

/**
 * Seals bytes as they are, without deflating them: for building broken or hostile sealed
 * results (not compressed, a decompression bomb) in tests.
 */
export function sealPlaintext(plaintext: Uint8Array, key: string | Uint8Array): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), nonce, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([HEADER, nonce, ciphertext, cipher.getAuthTag()]).toString('base64');
}

/** A fresh random 32-byte key, base64-encoded, like the ones the dashboard shows. */
export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

function keyBytes(key: string | Uint8Array): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.length !== 32) throw new TypeError(`A sealing key must be 32 bytes; this one is ${bytes.length}.`);
  return bytes;
}
