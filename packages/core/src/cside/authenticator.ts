/** The cside authenticator a guard builds from `cside`: a session token exchanged for a verified result. */
import { sharedProviderCalls, type NegativeCacheOptions, type ProviderAuthenticate } from '../http/shared-calls.js';
import { canonicalToken, createCsideClient, type CsideClientOptions } from './client.js';
import { fromCsideEvaluation } from './read-evaluation.js';

/** Verifies a token with `/token/v2/verify`, through the process-wide calls of this cside configuration. */
export function csideAuthenticator(
  cside: CsideClientOptions,
  negativeCache: false | NegativeCacheOptions | undefined,
): ProviderAuthenticate {
  const verify = sharedProviderCalls('cside', cside, negativeCache, () => {
    const client = createCsideClient(cside);
    return async (token, caller) => fromCsideEvaluation(await client.verify(token, { caller }), token);
  });
  // One token, one replay key: spellings that differ only in surrounding white space are the same token.
  return async (token, caller) => verify(canonicalToken(token), caller);
}
