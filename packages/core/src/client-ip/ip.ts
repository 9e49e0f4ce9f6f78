/** IP addresses for `bind.ip`: parsed without node:net (core also runs on Web runtimes). */

/**
 * An address as 4 (IPv4) or 16 (IPv6) bytes. IPv6 forms of an IPv4 client become that IPv4
 * address: IPv4-mapped (`::ffff:1.2.3.4`, what a server listening on `::` sees) and NAT64's
 * well-known prefix (`64:ff9b::1.2.3.4`, RFC 6052, what a server behind NAT64 sees).
 */
export type IpBytes = Uint8Array;

/** `::ffff:0:0/96` and `64:ff9b::/96`: the first 12 bytes of IPv6 addresses that carry an IPv4 client. */
const IPV4_CARRIERS = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff],
  [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0],
];

/** Parses IPv4 or IPv6 text (a zone id such as `%eth0` and brackets are dropped); `undefined` when it is not one. */
export function parseIp(text: string): IpBytes | undefined {
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone !== -1) value = value.slice(0, zone);
  if (!value.includes(':')) return parseIpv4(value);
  const bytes = parseIpv6(value);
  if (bytes === undefined) return undefined;
  const carriesIpv4 = IPV4_CARRIERS.some((prefix) => prefix.every((byte, i) => bytes[i] === byte));
  return carriesIpv4 ? bytes.slice(12) : bytes;
}

function parseIpv4(text: string): IpBytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    // Decimal only, no leading zeros: `010` is octal to some parsers, so it is refused outright.
    if (!/^(0|[1-9]\d{0,2})$/.test(parts[i]!)) return undefined;
    const value = Number(parts[i]);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

function parseIpv6(text: string): IpBytes | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const words: number[] = [];
  const all = [...head, ...(halves.length === 2 ? ['::'] : []), ...tail];
  for (let i = 0; i < all.length; i++) {
    const group = all[i]!;
    if (group === '::') {
      words.push(-1);
    } else if (i === all.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) return undefined;
      words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
      words.push(Number.parseInt(group, 16));
    }
  }
  const gap = words.indexOf(-1);
  const explicit = words.length - (gap === -1 ? 0 : 1);
  if (gap === -1 ? explicit !== 8 : explicit > 7) return undefined;
  const full =
    gap === -1 ? words : [...words.slice(0, gap), ...Array<number>(8 - explicit).fill(0), ...words.slice(gap + 1)];
  const bytes = new Uint8Array(16);
  full.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** Same family and equal; for IPv6, equal in the first `ipv6PrefixBits` bits. */
export function sameClient(a: IpBytes, b: IpBytes, ipv6PrefixBits: number): boolean {
  if (a.length !== b.length) return false;
  const bits = a.length === 4 ? 32 : ipv6PrefixBits;
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if ((a[bit / 8]! & mask) !== (b[bit / 8]! & mask)) return false;
  }
  return true;
}
