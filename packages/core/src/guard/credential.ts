/** Finds the credential in a request: the header first, then a body a parser already read. */
import { FingerprintGuardError } from '../errors.js';
import { readHeader } from '../headers.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { Credential, GuardRequest } from './types.js';

import {
  CSIDE_TOKEN_FIELD,
  CSIDE_TOKEN_HEADER,
  EVENT_ID_FIELD,
  EVENT_ID_HEADER,
  SEALED_RESULT_FIELD,
  SEALED_RESULT_HEADER,
} from '../credential-names.js';

export {
  CSIDE_TOKEN_FIELD,
  CSIDE_TOKEN_HEADER,
  EVENT_ID_FIELD,
  EVENT_ID_HEADER,
  SEALED_RESULT_FIELD,
  SEALED_RESULT_HEADER,
};

export type CredentialKind = 'sealed' | 'cside' | 'event-id';

/**
 * How a credential of one kind becomes a result. A sealed result on Node answers the result
 * itself, not a promise, so the guard awaits nothing for it; provider calls answer a promise.
 */
export type Authenticate = (credential: string, caller: string | undefined) => Fingerprint | Promise<Fingerprint>;

/** A credential the guard knows how to authenticate. */
export interface ExtractedCredential {
  kind: CredentialKind;
  value: string;
}

/** Where a credential of one kind is looked for: a header, then a field of a parsed body. */
export interface CredentialSource {
  kind: CredentialKind;
  header: string;
  field: string;
}

/** Where each kind is looked for, in the order the guard looks. */
const SOURCES: readonly CredentialSource[] = [
  { kind: 'sealed', header: SEALED_RESULT_HEADER, field: SEALED_RESULT_FIELD },
  { kind: 'cside', header: CSIDE_TOKEN_HEADER, field: CSIDE_TOKEN_FIELD },
  { kind: 'event-id', header: EVENT_ID_HEADER, field: EVENT_ID_FIELD },
];

/** A parsed body's own field; never a stream's, never one inherited from a prototype. */
function readBodyField(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || typeof (body as ReadableStream).getReader === 'function') {
    return undefined;
  }
  return Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined;
}

/** The sources of the kinds a guard can authenticate (`accepted`), in the order it looks: chosen once, not per request. */
export function credentialSources(accepted: ReadonlySet<CredentialKind>): readonly CredentialSource[] {
  return SOURCES.filter((source) => accepted.has(source.kind));
}

/** The first credential found in `sources` (a guard's `credentialSources`), from a header or the body. */
export function defaultCredential(
  request: GuardRequest,
  sources: readonly CredentialSource[],
): ExtractedCredential | undefined {
  for (const source of sources) {
    const value = readHeader(request.headers, source.header) ?? readBodyField(request.body, source.field);
    if (value !== undefined && value !== '') return { kind: source.kind, value: asString(value, source.kind) };
  }
  return undefined;
}

/** The first credential of a kind the guard does not take, for a precise answer when it finds none it takes. */
export function unacceptedCredential(
  request: GuardRequest,
  accepted: ReadonlySet<CredentialKind>,
): CredentialKind | undefined {
  for (const source of SOURCES) {
    if (accepted.has(source.kind)) continue;
    const value = readHeader(request.headers, source.header) ?? readBodyField(request.body, source.field);
    if (value !== undefined && value !== '') return source.kind;
  }
  return undefined;
}

/** A body was sent, in a type a body parser reads, and none reached the guard: no parser ran before it. */
export function hasUnparsedBody(request: GuardRequest): string | undefined {
  if (request.body !== undefined) return undefined;
  const length = readHeader(request.headers, 'content-length');
  const chunked = readHeader(request.headers, 'transfer-encoding');
  if (!(typeof length === 'string' && Number(length) > 0) && typeof chunked !== 'string') return undefined;
  const type = readHeader(request.headers, 'content-type');
  const media = typeof type === 'string' ? type.split(';')[0]!.trim().toLowerCase() : '';
  return media === 'application/json' || media === 'application/x-www-form-urlencoded' ? media : undefined;
}

/** What a user's `getCredential` returned, in the guard's terms. */
export function fromUserCredential(credential: Credential | undefined | null): ExtractedCredential | undefined {
  if (credential === undefined || credential === null || credential === '') return undefined;
  if (typeof credential === 'string') return { kind: 'sealed', value: credential };
  if (typeof credential === 'object') {
    if ('sealedResult' in credential) return { kind: 'sealed', value: asString(credential.sealedResult, 'sealed') };
    if ('csideToken' in credential) return { kind: 'cside', value: asString(credential.csideToken, 'cside') };
    if ('eventId' in credential) return { kind: 'event-id', value: asString(credential.eventId, 'event-id') };
  }
  throw new FingerprintGuardError(
    'SEALED_RESULT_MALFORMED',
    'getCredential returned something that is not a credential.',
  );
}

/** Arrays (a repeated header or form field), numbers and objects are malformed, not coerced. */
function asString(value: unknown, kind: CredentialKind): string {
  if (typeof value === 'string') return value;
  if (kind === 'sealed')
    throw new FingerprintGuardError('SEALED_RESULT_MALFORMED', 'The sealed result must be one base64 string.');
  const what = kind === 'cside' ? 'The cside token' : 'The event id';
  throw new FingerprintGuardError('PROVIDER_REJECTED', `${what} must be one string.`);
}
