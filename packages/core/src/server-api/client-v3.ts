/** createServerApiV3Client: the Fingerprint Server API v3 (`GET /events/{request_id}`), for 3.x-agent apps. */
import { toMilliseconds } from '../duration.js';
import { configError, FingerprintGuardError } from '../errors.js';
import type { FingerprintEventV3 } from '../event/types.js';
import { checkSecret, resolveHttpOptions, type ProviderCallOptions } from '../http/client-options.js';
import { createFairLimiter } from '../http/fair-limiter.js';
import { parseProviderJson, providerRequest } from '../http/provider-http.js';
import { toFingerprintEventV3 } from '../sealed/payload-v3.js';
import { checkOptions } from '../schema/schema.js';
import { SERVER_API_CLIENT_OPTIONS, type ServerApiClientOptions } from './client.js';
import { describeServerApiV3Refusal } from './refusals.js';

/** The v3 API's host per region (the v3 SDK's own list); paths hang off the root. */
export const SERVER_API_V3_REGIONS = {
  global: 'https://api.fpjs.io/',
  eu: 'https://eu.api.fpjs.io/',
  ap: 'https://ap.api.fpjs.io/',
} as const;

const PROVIDER = 'the Fingerprint Server API';

/** Why `rulesetId` is refused with v3. */
export const RULESETS_NEED_V4 =
  'serverApi.rulesetId needs the v4 Server API (version 4): the v3 API has no rulesets and no rule_action.';

/** `<epoch ms>.<id>`: v3 request ids and v4 event ids share the format; checked before any request goes out. */
const REQUEST_ID = /^\d{10,16}\.[A-Za-z0-9]{1,32}$/;

export interface ServerApiV3Client {
  /** `GET /events/{requestId}`: the v3 `{ products }` response, validated. `caller` shares waiting calls fairly. */
  getEvent(requestId: string, options?: ProviderCallOptions): Promise<FingerprintEventV3>;
}

/**
 * The v3 Server API, with the same time-outs, retries, caps and error codes as the v4 client.
 * `baseUrl` replaces the region's host (it is the root: requests go to `<baseUrl>/events/<id>`).
 *
 * @example
 * const api = createServerApiV3Client({ secretKey: process.env.FP_SECRET_KEY!, region: 'eu' });
 * const response = await api.getEvent(req.body.requestId);
 */
export function createServerApiV3Client(options: ServerApiClientOptions): ServerApiV3Client {
  checkOptions(options, SERVER_API_CLIENT_OPTIONS, 'createServerApiV3Client');
  if (options.rulesetId !== undefined) throw configError(RULESETS_NEED_V4);
  const secretKey = checkSecret(options.secretKey, 'serverApi secretKey');
  const region = options.region ?? 'global';
  const http = {
    // The v3 API takes the key in `Auth-API-Key` (the v3 SDK's default), never in the URL.
    ...resolveHttpOptions(
      PROVIDER,
      options.baseUrl ?? SERVER_API_V3_REGIONS[region],
      { 'auth-api-key': secretKey },
      options,
    ),
    describeAuthFailure: describeServerApiV3Refusal,
  };
  const maxWaitMs = toMilliseconds(options.maxWait ?? '10s', 'maxWait');
  const limiter = createFairLimiter(http.maxConcurrent, PROVIDER);

  return {
    async getEvent(requestId, { caller } = {}) {
      if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
        throw new FingerprintGuardError(
          'PROVIDER_REJECTED',
          'That is not a Fingerprint request id (`<epoch ms>.<id>`).',
        );
      }
      const deadline = Date.now() + maxWaitMs;
      const response = await limiter.run(caller, deadline, () =>
        providerRequest(http, { method: 'GET', path: `events/${encodeURIComponent(requestId)}`, deadline }),
      );
      const event = toEventOrUnavailable(parseProviderJson(response.text, PROVIDER));
      if (event.products.identification!.data!.requestId !== requestId) {
        throw new FingerprintGuardError(
          'PROVIDER_UNAVAILABLE',
          `${PROVIDER} answered with another event than the one asked for.`,
        );
      }
      return event;
    },
  };
}

/** A 200 whose identification failed (v3 answers can be partial) is the provider's failure, not the caller's. */
function toEventOrUnavailable(payload: unknown): FingerprintEventV3 {
  try {
    return toFingerprintEventV3(payload, "The Fingerprint Server API's answer");
  } catch (error) {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', (error as Error).message);
  }
}
