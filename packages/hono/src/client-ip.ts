/** clientIpFromConnInfo: the client IP for bind.ip from Hono's getConnInfo helper of your runtime. */
import type { Context } from 'hono';

/**
 * The part of a Hono `getConnInfo` helper this package uses (`hono/conninfo`'s `GetConnInfo`).
 *
 * @example
 * const behindMyProxy: ConnInfoReader = (c) => ({ remote: { address: c.req.header('x-real-ip') } });
 */
export type ConnInfoReader = (c: Context) => { remote: { address?: string } };

/**
 * Turns your runtime's `getConnInfo` into the guard's `clientIp` option, for `bind.ip`: on Node,
 * `getConnInfo` from `@hono/node-server/conninfo` (the socket's peer address); on Deno `hono/deno`,
 * on Bun `hono/bun`, on Cloudflare Workers `hono/cloudflare-workers`. Behind your own reverse
 * proxy, the socket's address is the proxy's: read the header that proxy sets in `clientIp`
 * yourself instead. No header a client can set is ever read by default.
 *
 * @example
 * import { getConnInfo } from '@hono/node-server/conninfo';
 * app.post('/login', fingerprintGuard({ fingerprint: { keys }, bind: { ip: true }, clientIp: clientIpFromConnInfo(getConnInfo) }), login);
 */
export function clientIpFromConnInfo(getConnInfo: ConnInfoReader): (c: Context) => string | undefined {
  if (typeof getConnInfo !== 'function')
    throw new TypeError('clientIpFromConnInfo needs the getConnInfo helper of your runtime.');
  return (c) => getConnInfo(c).remote.address || undefined;
}
