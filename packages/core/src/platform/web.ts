/**
 * `#platform` on Web-standard runtimes (Vercel / Next.js Edge, workerd, workers, browsers): WebCrypto, a bounded
 * pure-JS inflate, and @noble/hashes, which keeps hashing synchronous as on Node. pako rather than
 * DecompressionStream: measured faster on Node and in workerd (bench/RESULTS.md), it bounds its
 * output, and it works where DecompressionStream is missing (Vercel's emulator) or stubbed to throw
 * (Next's Edge sandbox).
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { inflateWithPako } from '../sealed/inflate-pako.js';
import { createWebRuntime } from '../sealed/runtime-web.js';
import type { Platform } from './types.js';

const utf8 = new TextEncoder();

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const platform: Platform = {
  sealedRuntime: createWebRuntime(inflateWithPako),
  sha256Base64Url: (data) => base64Url(sha256(typeof data === 'string' ? utf8.encode(data) : data)),
  hmacSha256: (secret, data) => hmac(sha256, utf8.encode(secret), data),
  timingSafeEqual(a, b) {
    let difference = a.length ^ b.length;
    for (let i = 0; i < Math.min(a.length, b.length); i++) difference |= a[i]! ^ b[i]!;
    return difference === 0;
  },
  // Web runtimes load packages through the host's bundler: pass `opentelemetry` to the guard instead.
  openTelemetry: () => ({}),
};
