/** Turns the configured decryption keys into 32-byte arrays, once, at construction. */
import { configError } from '../errors.js';
import { KEY_BYTES } from './format.js';

/** A sealed-results encryption key: base64 as the dashboard shows it, or the 32 raw bytes. */
export type SealedResultKey = string | Uint8Array;

const BASE64_KEY = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes every key, in order. A key that is not 32 bytes of base64 (or 32 raw bytes) is a
 * `CONFIG_INVALID` naming its position, never its value.
 */
export function decodeKeys(keys: SealedResultKey | readonly SealedResultKey[] | undefined): Uint8Array[] {
  const list = keys === undefined ? [] : Array.isArray(keys) ? keys : [keys as SealedResultKey];
  if (list.length === 0) {
    throw configError('no sealed-results key configured: pass `keys` with at least one base64 key.');
  }
  return list.map((key, index) => decodeKey(key, index, list.length));
}

function decodeKey(key: unknown, index: number, count: number): Uint8Array {
  const where = count === 1 ? 'the sealed-results key' : `sealed-results key #${index + 1} of ${count}`;
  if (key instanceof Uint8Array) {
    if (key.byteLength !== KEY_BYTES) {
      throw configError(`${where} is ${key.byteLength} bytes; AES-256 keys are ${KEY_BYTES} bytes.`);
    }
    return new Uint8Array(key);
  }
  if (typeof key !== 'string') {
    throw configError(`${where} must be a base64 string or a Uint8Array, not ${describe(key)}.`);
  }
  const text = key.trim();
  if (!BASE64_KEY.test(text) || text.length % 4 === 1) {
    const hint = text.includes(',') ? ' It contains a comma: pass several keys as an array.' : '';
    throw configError(`${where} is not base64.${hint}`);
  }
  // atob is forgiving about non-zero padding bits, which Fingerprint's own test key has.
  const bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  if (bytes.byteLength !== KEY_BYTES) {
    throw configError(`${where} decodes to ${bytes.byteLength} bytes; AES-256 keys are ${KEY_BYTES} bytes.`);
  }
  return bytes;
}

/** What a value is, with the right article: `undefined`, `a number`, `an object`. */
const KINDS: Readonly<Record<string, string>> = {
  undefined: 'undefined',
  number: 'a number',
  bigint: 'a bigint',
  boolean: 'a boolean',
  symbol: 'a symbol',
  function: 'a function',
  object: 'an object',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return KINDS[typeof value] ?? typeof value;
}
