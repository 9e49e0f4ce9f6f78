/** The Fingerprint authenticators a guard builds from `fingerprint`: sealed results and the Server API, per accepted format. */
import { configError, FingerprintGuardError } from '../errors.js';
import type { Authenticate, CredentialKind } from '../guard/credential.js';
import { sharedProviderCalls, type NegativeCacheOptions } from '../http/shared-calls.js';
import { resolveFormats } from '../result/format.js';
import { createSealedOpener, type SealedOpener } from '../sealed/index.js';
import { toFingerprintEvent } from '../sealed/payload.js';
import { isV3Payload, toFingerprintEventV3 } from '../sealed/payload-v3.js';
import type { FingerprintFormat } from '../result/format.js';
import { createServerApiClient } from '../server-api/client.js';
import { createServerApiV3Client, RULESETS_NEED_V4 } from '../server-api/client-v3.js';
import type { Fingerprint } from '../result/fingerprint.js';
import { fromFingerprintEvent } from './read-event.js';
import { fromFingerprintEventV3 } from './read-event-v3.js';
import type { ProviderAuthenticate } from '../http/shared-calls.js';
import type { FingerprintGuardOptions, FingerprintServerApiOptions } from '../options/types.js';

/**
 * The result as the app's types see it. At run time a guard accepts what its `formats` list
 * says; its options cannot list `'v3'` in TypeScript unless the app declared v3 in
 * `AcceptedFingerprintFormats`, which is what makes `Fingerprint` include v3 results.
 */
const asDeclared = (result: Fingerprint<FingerprintFormat>) => result as Fingerprint;

/** `sealed` (with `keys`) and `event-id` (with `serverApi`) authenticators; `CONFIG_INVALID` when neither, nor `edge`, is configured. */
export function fingerprintAuthenticators(
  fingerprint: NonNullable<FingerprintGuardOptions['fingerprint']>,
  negativeCache: false | NegativeCacheOptions | undefined,
): Map<CredentialKind, Authenticate> {
  const formats = resolveFormats(fingerprint.formats, 'fingerprint.formats');
  const authenticators = new Map<CredentialKind, Authenticate>();
  if (fingerprint.keys !== undefined) {
    const { keys, maxSealedBytes, maxPayloadBytes } = fingerprint;
    const open = createSealedOpener({ keys, maxSealedBytes, maxPayloadBytes });
    authenticators.set('sealed', sealedReader(open, formats));
  }
  if (fingerprint.serverApi !== undefined) {
    const { serverApi } = fingerprint;
    const fetchEvent = sharedProviderCalls('server-api', serverApi, negativeCache, serverApiReader(serverApi, formats));
    authenticators.set('event-id', (eventId, caller) => fetchEvent(eventId.trim(), caller));
  }
  if (authenticators.size === 0 && fingerprint.edge === undefined)
    throw configError('fingerprint needs `keys` (sealed results), `serverApi`, `edge`, or several of them.');
  return authenticators;
}

/** Unseals with `open`, reading the result inside it: the v4 path alone (as fast as ever) unless v3 is accepted. */
function sealedReader(open: SealedOpener, formats: ReadonlySet<FingerprintFormat>): Authenticate {
  if (!formats.has('v3')) {
    const readV4 = (payload: unknown, keyIndex: number) =>
      fromFingerprintEvent(toFingerprintEvent(payload), 'sealed', keyIndex);
    return (sealed) => open(sealed, readV4);
  }
  const readAny = (payload: unknown, keyIndex: number): Fingerprint => {
    if (isV3Payload(payload))
      return asDeclared(fromFingerprintEventV3(toFingerprintEventV3(payload), 'sealed', keyIndex));
    if (!formats.has('v4')) {
      throw new FingerprintGuardError(
        'SEALED_RESULT_INVALID_PAYLOAD',
        "The sealed result holds a v4 event from a 4.x agent, and this guard accepts v3 only: add 'v4' to `fingerprint.formats`.",
      );
    }
    return fromFingerprintEvent(toFingerprintEvent(payload), 'sealed', keyIndex);
  };
  return (sealed) => open(sealed, readAny);
}

/**
 * Checks that `formats` accepts what `serverApi.version` fetches, now, and returns how to build
 * the authenticator (built once per configuration, process-wide): the v4 client, or the v3 one.
 */
function serverApiReader(
  serverApi: FingerprintServerApiOptions,
  formats: ReadonlySet<FingerprintFormat>,
): () => ProviderAuthenticate {
  const { version = 4, ...clientOptions } = serverApi;
  const format: FingerprintFormat = version === 3 ? 'v3' : 'v4';
  if (!formats.has(format)) {
    throw configError(
      `fingerprint.serverApi.version ${version} fetches ${format} events, which fingerprint.formats does not list: add '${format}' to it.`,
    );
  }
  if (version === 3) {
    if (clientOptions.rulesetId !== undefined) throw configError(`fingerprint.${RULESETS_NEED_V4}`);
    return () => {
      const client = createServerApiV3Client(clientOptions);
      return async (requestId, caller) =>
        asDeclared(fromFingerprintEventV3(await client.getEvent(requestId, { caller }), 'server-api'));
    };
  }
  return () => {
    const client = createServerApiClient(clientOptions);
    return async (eventId, caller) => fromFingerprintEvent(await client.getEvent(eventId, { caller }), 'server-api');
  };
}
