/** The request body through Hono's body cache: the guard reads it with core's reader, and the handler can read it after. */
import { readCredentialBody } from '@fingerprint-guard/core/adapter';
import type { HonoRequest } from 'hono';

/**
 * The credential fields of `req`'s body (core's `readCredentialBody`): a body an earlier middleware
 * read is taken from Hono's cache, and bytes read here are left in it, so that `c.req.json()`,
 * `parseBody()` and validators still answer.
 */
export function readBody(req: HonoRequest, maxBytes: number): Promise<Record<string, unknown> | null | undefined> {
  return readCredentialBody(req.raw, maxBytes, {
    cached: async (kind) => {
      if (Object.keys(req.bodyCache).length === 0) return undefined;
      return kind === 'json' ? req.json() : req.formData();
    },
    keep: (bytes) => cacheBody(req, bytes),
  });
}

/**
 * Keeps bytes read from the raw body where Hono keeps a body it read: later `c.req.json()`,
 * `text()`, `parseBody()` and validators answer from it. Hono's cache holds promises, which its
 * declared type does not say.
 */
export function cacheBody(req: HonoRequest, bytes: Uint8Array): void {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  req.bodyCache.arrayBuffer = Promise.resolve(buffer) as unknown as ArrayBuffer;
}
