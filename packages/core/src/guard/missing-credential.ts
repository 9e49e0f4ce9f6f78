/** CREDENTIAL_MISSING, saying why when the request shows a mistake (a credential of a kind not configured, a body no parser read). */
import { FingerprintGuardError } from '../errors.js';
import type { GuardLogger } from '../logger.js';
import { hasUnparsedBody, unacceptedCredential, type CredentialKind } from './credential.js';
import type { GuardRequest } from './types.js';

/** What a credential of each kind is, and the option a guard needs to take it. */
const UNCONFIGURED: Readonly<Record<CredentialKind, { what: string; needs: string }>> = {
  sealed: { what: 'a Fingerprint sealed result', needs: 'fingerprint.keys' },
  'event-id': { what: 'a Fingerprint event id', needs: 'fingerprint.serverApi' },
  cside: { what: 'a cside token', needs: 'cside' },
};

/** The error of a request with no credential `accepted`; each mistake it shows is logged once per guard. */
export function missingCredentialError(accepted: ReadonlySet<CredentialKind>, logger: GuardLogger) {
  function missingCredential(source: GuardRequest | undefined): FingerprintGuardError {
    const readable = typeof source?.headers === 'object' && source.headers !== null;
    const other = readable ? unacceptedCredential(source, accepted) : undefined;
    if (other !== undefined) {
      const { what, needs } = UNCONFIGURED[other];
      warnOnce(
        `unaccepted-${other}`,
        `fingerprint-guard: a request carried ${what}, but this guard does not configure ${needs}: configure it, or send a credential it takes.`,
      );
      return new FingerprintGuardError(
        'CREDENTIAL_MISSING',
        `The request carries ${what}, which this guard does not accept (no ${needs}).`,
      );
    }
    const unparsed = readable ? hasUnparsedBody(source) : undefined;
    if (unparsed !== undefined) {
      warnOnce(
        'body-not-parsed',
        `fingerprint-guard: a request whose body (${unparsed}) no parser read reached the guard, so a credential in it cannot be read: parse the body before the guard (Express: express.json() / express.urlencoded(); Koa: @koa/bodyparser), or send the credential in a header.`,
      );
    }
    return new FingerprintGuardError(
      'CREDENTIAL_MISSING',
      'The request carries no credential: no sealed result, event id or cside token.',
    );
  }

  const warned = new Set<string>();
  function warnOnce(event: string, message: string): void {
    if (warned.has(event)) return;
    warned.add(event);
    logger.warn(message, { event });
  }

  return missingCredential;
}
