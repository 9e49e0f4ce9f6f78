/** Reads the credential fields of a request body, leaving the body readable by the handler. */
import type { HonoRequest } from 'hono';
import { readStreamCapped } from '@fingerprint-guard/core/adapter';

const READS_BODY = /^(POST|PUT|PATCH|DELETE)$/i;

type BodyKind = 'json' | 'form' | 'multipart';

function kindOf(contentType: string): BodyKind | undefined {
  if (contentType.startsWith('application/json')) return 'json';
  if (contentType.startsWith('application/x-www-form-urlencoded')) return 'form';
  return contentType.startsWith('multipart/form-data') ? 'multipart' : undefined;
}

/**
 * The parsed body of a JSON, URL-encoded or multipart request, at most `maxBytes` of it (a larger
 * body is not searched: `null`; any other content type: `undefined`). The handler still reads the
 * body with `c.req.json()`, `c.req.parseBody()` or a validator: a body with a declared length is
 * read once and left in Hono's body cache; one without (chunked) is read from a clone.
 */
export async function readCredentialBody(
  req: HonoRequest,
  maxBytes: number,
): Promise<Record<string, unknown> | null | undefined> {
  const raw = req.raw;
  // Headers first: on @hono/node-server, touching `raw.body` builds the full Request and its stream.
  if (!READS_BODY.test(raw.method)) return undefined;
  const contentType = raw.headers.get('content-type')?.toLowerCase() ?? '';
  const kind = kindOf(contentType);
  if (!kind || raw.body === null) return undefined;
  if (raw.bodyUsed) return fromBodyCache(req, kind);
  const declared = raw.headers.get('content-length');
  // `null`: a body of a type the guard reads, deliberately not read (over maxBytes), not a missing body parser.
  if (declared !== null && !(Number(declared) <= maxBytes)) return null;
  let bytes: Uint8Array | undefined;
  try {
    // With a declared length, the body is read once and kept in Hono's cache; without, from a clone.
    bytes = await readStreamCapped(declared !== null ? raw.body : raw.clone().body!, maxBytes);
  } catch {
    return undefined; // The client went away mid-body (or sent a broken one): there is no credential in it.
  }
  if (bytes === undefined) return null;
  if (declared !== null) cacheBody(req, bytes);
  return parse(bytes, kind, contentType);
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

/** A body an earlier middleware (a validator, c.req.json()) read: only Hono's cache still has it. */
async function fromBodyCache(req: HonoRequest, kind: BodyKind): Promise<Record<string, unknown> | undefined> {
  if (Object.keys(req.bodyCache).length === 0) return undefined;
  try {
    return asRecord(kind === 'json' ? await req.json() : fields(await req.formData()));
  } catch {
    return undefined;
  }
}

async function parse(
  bytes: Uint8Array,
  kind: BodyKind,
  contentType: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    if (kind === 'json') return asRecord(JSON.parse(new TextDecoder().decode(bytes)));
    if (kind === 'form') return fields(new URLSearchParams(new TextDecoder().decode(bytes)));
    return fields(
      await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData(),
    );
  } catch {
    return undefined; // A body that does not parse holds no credential; the handler sees it as it is.
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
