/** Describes the request for `POST /v4/edge`: method, URL, bounded header lines with secrets blanked, and the client IP. */
import { parseIp, type IpBytes } from '../client-ip/ip.js';
import type { FingerprintEdgeHeader, FingerprintEdgeRequest } from '../event/types.js';
import { CSIDE_TOKEN_HEADER, EVENT_ID_HEADER, SEALED_RESULT_HEADER } from '../credential-names.js';
import type { GuardRequest } from '../guard/types.js';

/** Header lines sent at most; the rest are left out (a browser sends about 20). */
export const EDGE_MAX_HEADER_LINES = 64;
/** Characters of one value sent at most; a longer value is cut. */
export const EDGE_MAX_HEADER_VALUE = 4096;
/** Characters of all names and values sent at most; lines past it are left out. */
export const EDGE_MAX_HEADER_TOTAL = 16 * 1024;

/** Headers that carry credentials, whatever the app: sent with an empty value, as the schema asks. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  SEALED_RESULT_HEADER,
  EVENT_ID_HEADER,
  CSIDE_TOKEN_HEADER,
];
/** Names that say they hold a secret (`x-csrf-token`, `x-session-id`, `x-auth-user`…); `Signature*` (Web Bot Auth) is not one. */
const SECRET_NAME = /auth|cookie|token|secret|session|passw|api[-_]?key|credential/i;

/** How one guard describes requests: the header names it blanks beyond the built-in ones. */
export interface EdgeRequestOptions {
  redactHeaders?: readonly string[];
}

/** A request described, or why it cannot be (a message for `CREDENTIAL_MISSING`). */
export type EdgeDescription = { request: FingerprintEdgeRequest } | { missing: string };

/** The describer of one guard: secret names compiled once. */
export function edgeRequestDescriber({ redactHeaders = [] }: EdgeRequestOptions) {
  const secret = new Set([...SECRET_HEADERS, ...redactHeaders.map((name) => name.toLowerCase())]);
  const isSecret = (name: string) => secret.has(name.toLowerCase()) || SECRET_NAME.test(name);

  return function describe(input: GuardRequest, clientIp: string | undefined): EdgeDescription {
    const { method, url } = input;
    if (typeof method !== 'string' || method === '' || typeof url !== 'string') {
      return {
        missing: "its method and URL, which this adapter did not give (the guard's input has no method or url)",
      };
    }
    const target = absoluteUrl(url);
    if (target === undefined) return { missing: 'an absolute http(s) URL' };
    const ip = clientIp === undefined ? undefined : parseIp(clientIp);
    if (ip === undefined) return { missing: 'the client IP' };
    const headers = headerLines(input.headers, isSecret);
    if (headers.length === 0) return { missing: 'any header' };
    return { request: { headers, method, url: target, ...ipFields(ip) } };
  };
}

/** The URL without its `#fragment`, when it is absolute and http(s). */
function absoluteUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}

/** The header lines, in the order the runtime gives them, bounded, each secret's value blanked. */
function headerLines(headers: GuardRequest['headers'], isSecret: (name: string) => boolean): FingerprintEdgeHeader[] {
  const lines: FingerprintEdgeHeader[] = [];
  let total = 0;
  for (const [name, value] of entriesOf(headers)) {
    if (lines.length === EDGE_MAX_HEADER_LINES) break;
    const sent = isSecret(name) ? '' : value.slice(0, EDGE_MAX_HEADER_VALUE);
    total += name.length + sent.length;
    if (total > EDGE_MAX_HEADER_TOTAL) break;
    lines.push({ name, value: sent });
  }
  return lines;
}

/** Every header line: Web `Headers` as it iterates, Node's object with a repeated header as its lines. */
function* entriesOf(headers: GuardRequest['headers']): Iterable<[string, string]> {
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    yield* headers as Headers;
    return;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (typeof value === 'string') yield [name, value];
    else if (Array.isArray(value)) for (const line of value) if (typeof line === 'string') yield [name, line];
  }
}

/** The IP in the field of its family; an IPv4 client seen over IPv6 (`::ffff:1.2.3.4`) is sent as IPv4. */
function ipFields(ip: IpBytes): Pick<FingerprintEdgeRequest, 'ipv4_address' | 'ipv6_address'> {
  if (ip.length === 4) return { ipv4_address: ip.join('.') };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  return { ipv6_address: groups.join(':') };
}
