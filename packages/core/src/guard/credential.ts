/** Finds the credential in a request: the header first, then a body a parser already read. */
import { FingerprintGuardError } from '../errors.js';
import type { Credential, GuardRequest } from './types.js';

export const SEALED_RESULT_HEADER = 'fingerprint-sealed-result';
export const SEALED_RESULT_FIELD = 'sealed_result';

/** A credential the guard knows how to authenticate. */
export type ExtractedCredential = { kind: 'sealed'; value: string };

export function readHeader(headers: GuardRequest['headers'], name: string): string | string[] | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string | string[] | undefined>)[name];
}

/** A parsed body's own field; never a stream's, never one inherited from a prototype. */
function readBodyField(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || typeof (body as ReadableStream).getReader === 'function') {
    return undefined;
  }
  return Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined;
}

export function defaultCredential(request: GuardRequest): ExtractedCredential | undefined {
  const value = readHeader(request.headers, SEALED_RESULT_HEADER) ?? readBodyField(request.body, SEALED_RESULT_FIELD);
  return value === undefined || value === '' ? undefined : { kind: 'sealed', value: asString(value) };
}

/** What a user's `getCredential` returned, in the guard's terms. */
export function fromUserCredential(credential: Credential | undefined | null): ExtractedCredential | undefined {
  if (credential === undefined || credential === null || credential === '') return undefined;
  if (typeof credential === 'string') return { kind: 'sealed', value: credential };
  if (typeof credential === 'object' && 'sealedResult' in credential) {
    return { kind: 'sealed', value: asString(credential.sealedResult) };
  }
  throw new FingerprintGuardError('SEALED_RESULT_MALFORMED', 'getCredential returned something that is not a credential.');
}

/** Arrays (a repeated header or form field), numbers and objects are malformed, not coerced. */
function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new FingerprintGuardError('SEALED_RESULT_MALFORMED', 'The sealed result must be one base64 string.');
}
