/** `ipFrom`: client IP presets for `clientIp`, each trusting a header only where its platform or proxy sets it. */
import { configError } from '../errors.js';
import { readHeader } from '../headers.js';
import { parseIp } from './ip.js';
import type { GuardRequest } from '../guard/types.js';
import type { IpSource } from '../result/decision.js';
import { type IpRange, inAnyRange, parseRanges } from './cidr.js';
import { CLOUDFLARE_IP_RANGES } from './cloudflare-ranges.js';
import { clientInForwardedFor } from './forwarded-for.js';
import { environmentVariable, onCloudflareWorkers } from './runtime.js';

/** A client IP and where it came from; `ip` is absent when the request shows none that can be trusted. */
export interface ClientIpReading {
  ip?: string;
  source: IpSource;
}

/** What an `ipFrom` preset reads: the request's headers, and the connecting address the adapter saw. */
export interface ClientIpInput {
  headers: GuardRequest['headers'];
  /** The connection's peer (the socket's remote address), never a header; absent where the runtime has none. */
  peer?: string;
}

/** A `clientIp` preset, built by `ipFrom`. */
export interface ClientIpPreset {
  /** The preset's name, which is also the `ipSource` reported when its header gave the IP. */
  readonly source: 'cloudflare' | 'vercel' | 'fly' | 'forwarded-for';
  /** True when it can trust its header only after checking the connecting address: the adapter must give `peer`. */
  readonly needsPeer: boolean;
  /** Why it will not trust its header in this process (logged once when the guard is built), if so. */
  readonly notice?: string;
  read(input: ClientIpInput): ClientIpReading;
}

export interface CloudflareOptions {
  /** Cloudflare's ranges, replacing the bundled `CLOUDFLARE_IP_RANGES` (for a list newer than your release). */
  ranges?: readonly string[];
}

export interface ForwardedForOptions {
  /**
   * Your proxies' addresses or ranges, IPv4 and IPv6 (`['10.0.0.0/8', 'fd00::/8', '203.0.113.7']`):
   * the header is read only when the connecting address is one of them, and their hops are skipped.
   */
  trustedProxies: readonly string[];
}

const NONE: ClientIpReading = { source: 'none' };

/** A header that holds one address, or nothing: a list, or anything that is not an address, is not trusted. */
function oneAddress(headers: GuardRequest['headers'], name: string): string | undefined {
  const value = readHeader(headers, name);
  if (typeof value !== 'string') return undefined;
  const address = value.trim();
  return parseIp(address) === undefined ? undefined : address;
}

/** Without a trusted header the client is whoever connected. */
function peerOrNone(peer: string | undefined): ClientIpReading {
  return peer !== undefined && parseIp(peer) !== undefined ? { ip: peer, source: 'peer' } : NONE;
}

/** Cloudflare's pseudo IPv4 addresses (Class E, 240.0.0.0/4): with "Overwrite Headers" the real IPv6 is in CF-Connecting-IPv6. */
function isPseudoIpv4(address: string): boolean {
  const bytes = parseIp(address);
  return bytes?.length === 4 && bytes[0]! >= 240;
}

function fromCloudflare(headers: GuardRequest['headers']): ClientIpReading {
  const ip = oneAddress(headers, 'cf-connecting-ip');
  if (ip === undefined) return NONE;
  if (!isPseudoIpv4(ip)) return { ip, source: 'cloudflare' };
  // Only Cloudflare writes a Class E address here (it overwrites the header): then, and only then, its IPv6 twin is read.
  const ipv6 = oneAddress(headers, 'cf-connecting-ipv6');
  return ipv6 !== undefined && parseIp(ipv6)!.length === 16 ? { ip: ipv6, source: 'cloudflare' } : NONE;
}

function cloudflare(options: CloudflareOptions = {}): ClientIpPreset {
  const ranges: IpRange[] = parseRanges(
    options.ranges ?? [...CLOUDFLARE_IP_RANGES.ipv4, ...CLOUDFLARE_IP_RANGES.ipv6],
    'ipFrom.cloudflare({ ranges })',
  );
  // A Worker has no peer address, and needs none: every request it gets came through Cloudflare's edge.
  const workers = onCloudflareWorkers();
  return Object.freeze({
    source: 'cloudflare' as const,
    needsPeer: !workers,
    read({ headers, peer }: ClientIpInput): ClientIpReading {
      if (peer === undefined) return workers ? fromCloudflare(headers) : NONE;
      const bytes = parseIp(peer);
      if (bytes === undefined) return NONE;
      return inAnyRange(bytes, ranges) ? fromCloudflare(headers) : { ip: peer, source: 'peer' };
    },
  });
}

/** A platform whose proxy overwrites `headers` on every request, trusted only when `onPlatform`. */
function platformPreset(
  source: 'vercel' | 'fly',
  onPlatform: boolean,
  headers: readonly string[],
  notice: string,
): ClientIpPreset {
  return Object.freeze({
    source,
    needsPeer: false,
    ...(onPlatform ? {} : { notice }),
    read({ headers: given, peer }: ClientIpInput): ClientIpReading {
      if (!onPlatform) return peerOrNone(peer);
      for (const name of headers) {
        const ip = oneAddress(given, name);
        if (ip !== undefined) return { ip, source };
      }
      return NONE;
    },
  });
}

function vercel(): ClientIpPreset {
  return platformPreset(
    'vercel',
    environmentVariable('VERCEL') === '1',
    ['x-real-ip', 'x-vercel-forwarded-for'],
    "fingerprint-guard: ipFrom.vercel() trusts x-real-ip only on Vercel (VERCEL=1, a system environment variable), and VERCEL is not '1' here: the client IP is the connecting address, or none.",
  );
}

function fly(): ClientIpPreset {
  return platformPreset(
    'fly',
    (environmentVariable('FLY_APP_NAME') ?? '') !== '',
    ['fly-client-ip'],
    'fingerprint-guard: ipFrom.fly() trusts Fly-Client-IP only on a Fly Machine (FLY_APP_NAME set), and FLY_APP_NAME is not set here: the client IP is the connecting address, or none.',
  );
}

function forwardedFor(options: ForwardedForOptions): ClientIpPreset {
  const option = 'ipFrom.forwardedFor({ trustedProxies })';
  const trusted = parseRanges((options as ForwardedForOptions | undefined)?.trustedProxies, option);
  if (trusted.some((range) => range.bits === 0))
    throw configError(`${option}: a range of every address would let any client choose its IP; list your proxies.`);
  return Object.freeze({
    source: 'forwarded-for' as const,
    needsPeer: true,
    read({ headers, peer }: ClientIpInput): ClientIpReading {
      const bytes = peer === undefined ? undefined : parseIp(peer);
      if (bytes === undefined) return NONE;
      if (!inAnyRange(bytes, trusted)) return { ip: peer, source: 'peer' };
      const value = readHeader(headers, 'x-forwarded-for');
      const header = Array.isArray(value) ? value.join(',') : value;
      if (header === undefined || header.trim() === '') return { ip: peer, source: 'peer' };
      const ip = clientInForwardedFor(header, trusted);
      return ip === undefined ? NONE : { ip, source: 'forwarded-for' };
    },
  });
}

/**
 * Presets for the `clientIp` option: where `bind.ip` reads the client IP behind a platform or
 * your own proxies. Each trusts a header only where it cannot come from the client, and
 * otherwise takes the connecting address (`ipSource: 'peer'`), or none.
 *
 * @example
 * fingerprintGuard({ fingerprint: { keys }, bind: { ip: true }, clientIp: ipFrom.cloudflare() });
 * fingerprintGuard({ fingerprint: { keys }, bind: { ip: true }, clientIp: ipFrom.forwardedFor({ trustedProxies: ['10.0.0.0/8'] }) });
 */
export const ipFrom = Object.freeze({
  /**
   * `CF-Connecting-IP` (its IPv6 twin `CF-Connecting-IPv6` when Pseudo IPv4 overwrote it), only
   * from a connecting address in Cloudflare's ranges (bundled, `CLOUDFLARE_IP_RANGES`); on
   * Cloudflare Workers, which have no peer address, always.
   */
  cloudflare,
  /** `x-real-ip` (then `x-vercel-forwarded-for`), which Vercel's proxy overwrites, only on Vercel (`VERCEL=1`). */
  vercel,
  /** `Fly-Client-IP`, which Fly's proxy sets, only on a Fly Machine (`FLY_APP_NAME` set). */
  fly,
  /** `X-Forwarded-For` from a connecting address in `trustedProxies`, right to left, skipping their hops. */
  forwardedFor,
});
