/** `X-Forwarded-For` read right to left: each trusted proxy's hop is skipped, and the first untrusted one is the client. */
import { parseIp } from './ip.js';
import { type IpRange, inAnyRange } from './cidr.js';

/** One hop's address: `203.0.113.7`, `203.0.113.7:5000`, `2001:db8::1` or `[2001:db8::1]:5000` (some proxies add the port). */
function hopAddress(entry: string): string {
  const hop = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(hop);
  return withPort ? withPort[1]! : hop;
}

/**
 * The client in a header that a trusted peer sent: walking from the right, the first hop outside
 * `trusted` (each hop to its right was written by a trusted proxy, so it is that proxy's view of
 * who connected), or the left-most when every hop is trusted. `undefined` when a hop is not an
 * address: a trusted proxy wrote something else, and nothing left of it can be told apart.
 */
export function clientInForwardedFor(header: string, trusted: readonly IpRange[]): string | undefined {
  const hops = header.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = hopAddress(hops[i]!);
    const bytes = parseIp(address);
    if (bytes === undefined) return undefined;
    if (i === 0 || !inAnyRange(bytes, trusted)) return address;
  }
  return undefined;
}
