/** readCredentialBody: the credential fields of a Web request's body, for adapters whose framework parses none (Hono, Next). */
import { adapterNeeds, builtGuard } from '../engine/plumbing.js';
import { readStreamCapped } from '../http/read-capped.js';

const READS_BODY = /^(POST|PUT|PATCH|DELETE)$/i;

/** The body types a credential field is read from. */
export type CredentialBodyKind = 'json' | 'form' | 'multipart';

/** How the framework keeps a body, so that the handler can still read it after the guard. */
export interface BodyCache {
  /** Reads a body an earlier middleware already read into the framework's cache, or `undefined` when there is none. */
  cached?: (kind: CredentialBodyKind) => Promise<unknown>;
  /** Keeps bytes read from the request itself, where the framework's own readers find them. Without it, a clone is read. */
  keep?: (bytes: Uint8Array) => void;
}

function kindOf(contentType: string): CredentialBodyKind | undefined {
  if (contentType.startsWith('application/json')) return 'json';
  if (contentType.startsWith('application/x-www-form-urlencoded')) return 'form';
  return contentType.startsWith('multipart/form-data') ? 'multipart' : undefined;
}

/**
 * The kind of body a credential field may be read from, by `request`'s method and Content-Type
 * alone (nothing is read): `undefined` when there is none to search. An adapter that checks it
 * first spares a request with its credential in a header the body reader and its promise.
 *
 * @example
 * const body = credentialBodyKind(request) ? await readCredentialBody(request, maxBytes) : undefined;
 */
export function credentialBodyKind(request: Request): CredentialBodyKind | undefined {
  // Headers only: on @hono/node-server, touching `body` builds the full Request and its stream.
  if (!READS_BODY.test(request.method)) return undefined;
  return kindOf(request.headers.get('content-type')?.toLowerCase() ?? '');
}

/**
 * `credentialBodyKind(request)` for `guard`: `undefined` also when the request carries the header
 * the guard looks at first, since no body field can then change its decision. An adapter that
 * checks it spares such a request reading (and waiting for) its body: a login posting JSON with the
 * sealed result in a header is decided from the header, and a body that never ends holds nothing up.
 * A guard that does not name the header (one of your own, one with `getCredential`, or a lazily
 * built one before its first successful build, which this never attempts) has its body searched
 * as before.
 *
 * @example
 * const body = credentialBodyKindFor(guard, request) ? await readCredentialBody(request, maxBytes) : undefined;
 */
export function credentialBodyKindFor(guard: object, request: Request): CredentialBodyKind | undefined {
  const kind = credentialBodyKind(request);
  if (kind === undefined) return undefined;
  const built = builtGuard(guard);
  const header = built && adapterNeeds(built)?.credentialHeader;
  if (header === undefined) return kind;
  const value = request.headers.get(header);
  // An empty header is no credential: the guard goes on to its other sources, whose body fields count.
  return value === null || value === '' ? kind : undefined;
}

/**
 * The parsed body of a JSON, URL-encoded or multipart request, for the guard's `input.body`; the
 * handler can still read the body afterwards. `undefined` when there is nothing to search (no
 * body, another content type, a body something else consumed); `null` when the body is of a type
 * the guard reads and was deliberately left unsearched: over `maxBytes` (the client should send
 * the credential in a header), cut off, or not parseable. `null` tells the guard that the adapter
 * did read the body, so its missing credential is not blamed on a missing body parser.
 *
 * Without `cache.keep`, the body is read from a clone. With it, a body of declared length within
 * `maxBytes` is read once and kept; a chunked one is still read from a clone (it may pass the cap
 * part-way, and the handler must keep all of it).
 *
 * @example
 * const body = await readCredentialBody(request, DEFAULT_MAX_BODY_BYTES);
 * const decision = await decideOrRefuse(guard, request, { headers: request.headers, body });
 */
export async function readCredentialBody(
  request: Request,
  maxBytes: number,
  cache: BodyCache = {},
): Promise<Record<string, unknown> | null | undefined> {
  const kind = credentialBodyKind(request);
  if (!kind || request.body === null) return undefined;
  // As sent: a multipart boundary is case-sensitive (browsers send `----WebKitFormBoundaryAbC…`).
  const contentType = request.headers.get('content-type')!;
  if (request.bodyUsed) return cache.cached ? fromCache(await cache.cached(kind).catch(() => null)) : undefined;
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= maxBytes)) return null;
  const keep = declared !== null ? cache.keep : undefined;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readStreamCapped(keep ? request.body : request.clone().body!, maxBytes);
  } catch {
    return null; // The client went away mid-body (or sent a broken one): there is no credential in it.
  }
  if (bytes === undefined) return null;
  keep?.(bytes);
  return parse(bytes, kind, contentType);
}

/** What the framework's cache gave: a record, form data, or nothing usable (`null`: read, but no fields). */
function fromCache(value: unknown): Record<string, unknown> | null | undefined {
  if (value === undefined) return undefined;
  if (value instanceof FormData) return fields(value);
  return asRecord(value) ?? null;
}

async function parse(bytes: Uint8Array, kind: CredentialBodyKind, contentType: string) {
  try {
    if (kind === 'json') return asRecord(JSON.parse(new TextDecoder().decode(bytes))) ?? null;
    if (kind === 'form') return fields(new URLSearchParams(new TextDecoder().decode(bytes)));
    return fields(
      await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData(),
    );
  } catch {
    return null; // A body that does not parse holds no credential; the handler sees it as it is.
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function fields(form: Iterable<[string, unknown]>): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of form) {
    // A repeated field becomes an array, which the guard rejects rather than picking one.
    const previous = result[name];
    result[name] = previous === undefined ? value : ([] as unknown[]).concat(previous, value);
  }
  return result;
}
