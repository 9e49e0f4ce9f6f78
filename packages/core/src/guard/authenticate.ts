/** The authenticate step: one authenticator per configured provider, keyed by the credential it takes. */
import { csideAuthenticator } from '../cside/authenticator.js';
import { configError } from '../errors.js';
import { fingerprintAuthenticators } from '../fingerprint/authenticators.js';
import type { FingerprintGuardOptions } from '../options/types.js';
import type { Authenticate, CredentialKind } from './credential.js';

/** The guard's authenticators: a credential of a kind no provider takes has none. */
export type Authenticators = ReadonlyMap<CredentialKind, Authenticate>;

/** Builds each configured provider's authenticators; `CONFIG_INVALID` when none (nor `fingerprint.edge`) is configured. */
export function createAuthenticators(options: FingerprintGuardOptions<never>): Authenticators {
  const { fingerprint, cside, negativeCache } = options;
  const authenticators = new Map<CredentialKind, Authenticate>();
  if (fingerprint !== undefined) {
    for (const [kind, authenticate] of fingerprintAuthenticators(fingerprint, negativeCache))
      authenticators.set(kind, authenticate);
  }
  if (cside !== undefined) authenticators.set('cside', csideAuthenticator(cside, negativeCache));
  if (authenticators.size === 0 && fingerprint?.edge === undefined) {
    throw configError('no provider configured: pass `fingerprint: { keys: [...] }`, `cside: { apiKey }`, or both.');
  }
  return authenticators;
}
