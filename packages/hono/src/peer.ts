/** The connecting address of a Hono request on Node, Bun and Deno: what `ipFrom` presets check before trusting a header. */
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}
interface BunServer {
  requestIP?: (request: Request) => { address?: string } | null;
}
interface DenoServeInfo {
  remoteAddr?: { hostname?: string; transport?: string };
}

/**
 * What each runtime hands Hono as `c.env`, as its own `getConnInfo` reads it: `@hono/node-server`
 * the Node request (`incoming`), `Bun.serve` the server (`requestIP`), `Deno.serve` the
 * connection info (`remoteAddr`). Cloudflare Workers give none: the edge is the only way in.
 */
export function peerOf(c: Context): string | undefined {
  if ((globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers')
    return undefined;
  const env = c.env as (NodeBindings & BunServer & DenoServeInfo & { server?: NodeBindings & BunServer }) | undefined;
  if (typeof env !== 'object' || env === null) return undefined;
  const server = env.server ?? env;
  const node = server.incoming?.socket?.remoteAddress;
  if (typeof node === 'string') return node;
  if (typeof server.requestIP === 'function') {
    try {
      const address = server.requestIP(c.req.raw)?.address;
      return typeof address === 'string' ? address : undefined;
    } catch {
      return undefined;
    }
  }
  const deno = env.remoteAddr;
  return deno?.transport === 'tcp' && typeof deno.hostname === 'string' ? deno.hostname : undefined;
}
