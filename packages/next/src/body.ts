/** Reads the credential fields of a request body without consuming the body the handler will read. */
import { readStreamCapped } from '@fingerprint-guard/core/adapter';

const READS_BODY = /^(POST|PUT|PATCH|DELETE)$/i;

/**
 * The parsed body of a JSON, URL-encoded or multipart request, read from a clone (so the handler
 * can still read the original) and at most `maxBytes` of it: a larger body is not searched, and
 * `undefined` is returned, as for any other content type.
 */
export async function readCredentialBody(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown> | undefined> {
  if (!READS_BODY.test(request.method) || request.body === null || request.bodyUsed) return undefined;
  const contentType = request.headers.get('content-type')?.toLowerCase() ?? '';
  const kind = contentType.startsWith('application/json')
    ? 'json'
    : contentType.startsWith('application/x-www-form-urlencoded')
      ? 'form'
      : contentType.startsWith('multipart/form-data')
        ? 'multipart'
        : undefined;
  if (!kind) return undefined;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return undefined;
  const bytes = await readStreamCapped(request.clone().body!, maxBytes);
  if (bytes === undefined) return undefined;
  try {
    if (kind === 'json') {
      const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    }
    const form =
      kind === 'form'
        ? new URLSearchParams(new TextDecoder().decode(bytes))
        : await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [name, value] of form) {
      // A repeated field becomes an array, which the guard rejects rather than picking one.
      const previous = fields[name];
      fields[name] = previous === undefined ? value : ([] as unknown[]).concat(previous, value);
    }
    return fields;
  } catch {
    return undefined; // A body that does not parse holds no credential; the handler sees it as it is.
  }
}
