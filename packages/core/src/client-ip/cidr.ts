/** Address ranges (`10.0.0.0/8`, `2400:cb00::/32`, or one address) and whether an address is in one. */
import { configError } from '../errors.js';
import { type IpBytes, parseIp } from './ip.js';

/** A range: its first bytes and how many leading bits must match. */
export interface IpRange {
  bytes: IpBytes;
  bits: number;
}

/** Parses `address/bits` or a single address; `undefined` when it is not one. */
export function parseRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const bytes = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (bytes === undefined) return undefined;
  const max = bytes.length * 8;
  if (slash === -1) return { bytes, bits: max };
  const suffix = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(suffix)) return undefined;
  // An IPv4-mapped or NAT64 range (`::ffff:10.0.0.0/104`) was folded to IPv4: its prefix counts the 96 bits dropped.
  const folded = bytes.length === 4 && text.slice(0, slash).includes(':') ? 96 : 0;
  const bits = Number(suffix) - folded;
  if (bits < 0 || bits > max) return undefined;
  return { bytes, bits };
}

/** Parses every entry of `ranges`, or throws `CONFIG_INVALID` naming the option and the first bad entry. */
export function parseRanges(ranges: unknown, option: string): IpRange[] {
  if (!Array.isArray(ranges) || ranges.length === 0)
    throw configError(`${option} must be a list of addresses or ranges such as ['10.0.0.0/8', 'fd00::/8'].`);
  return ranges.map((entry: unknown) => {
    const range = typeof entry === 'string' ? parseRange(entry.trim()) : undefined;
    if (range === undefined)
      throw configError(`${option}: ${JSON.stringify(entry)} is not an address or range such as '10.0.0.0/8'.`);
    return range;
  });
}

/** True when `ip` is in `range` (same family, same leading bits). */
export function inRange(ip: IpBytes, { bytes, bits }: IpRange): boolean {
  if (ip.length !== bytes.length) return false;
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if ((ip[bit / 8]! & mask) !== (bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

export function inAnyRange(ip: IpBytes, ranges: readonly IpRange[]): boolean {
  return ranges.some((range) => inRange(ip, range));
}
