/** The request headers as Node parsed them, for a Hono request served by @hono/node-server over HTTP/1. */
import type { Context } from 'hono';

/** Node's `IncomingHttpHeaders`, declared here: the package runs where Node's types are not installed. */
export type NodeHeaders = Record<string, string | string[] | undefined>;

interface NodeBindings {
  incoming?: { httpVersionMajor?: number; headers?: NodeHeaders };
}

/**
 * Node's own header object (`c.env.incoming.headers`) when `c.req.raw` is @hono/node-server's
 * request for it: that request answers `headers.get()` from the same object, but tests the value
 * against a regular expression at every read (about 2 µs for a 2–3 KB sealed result), a check
 * Node's HTTP/1 parser has already made. `undefined` elsewhere (Bun, Deno, Workers, HTTP/2), and
 * when a middleware replaced `c.req.raw` with a `Request` of its own (Hono's `bodyLimit` does):
 * the guard then reads that request's headers.
 */
export function nodeHeaders(c: Context): NodeHeaders | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  if (incoming?.httpVersionMajor !== 1 || typeof incoming.headers !== 'object' || incoming.headers === null)
    return undefined;
  // @hono/node-server's request has a prototype of its own; a replacement is a plain Request.
  return Object.getPrototypeOf(c.req.raw) === Request.prototype ? undefined : incoming.headers;
}
