/** createServerApiClient: the Fingerprint Server API v4, for the fallback by event id and the agentless `/v4/edge` evaluation. */
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEdgeEvent, FingerprintEdgeRequest, FingerprintEvent } from '../event/types.js';
import { isDuration, isString, oneOf } from '../schema/checks.js';
import { checkOptions, type OptionSchema } from '../schema/schema.js';
import {
  checkSecret,
  PROVIDER_CLIENT_OPTIONS,
  resolveHttpOptions,
  type ProviderCallOptions,
  type ProviderClientOptions,
} from '../http/client-options.js';
import { createFairLimiter } from '../http/fair-limiter.js';
import { parseProviderJson, providerRequest } from '../http/provider-http.js';
import { describeServerApiRefusal } from './refusals.js';
import { toFingerprintEvent } from '../sealed/payload.js';
import { toEdgeEvent } from './edge-event.js';
import { toMilliseconds, type Duration } from '../duration.js';

export const SERVER_API_REGIONS = {
  global: 'https://api.fpjs.io/v4/',
  eu: 'https://eu.api.fpjs.io/v4/',
  ap: 'https://ap.api.fpjs.io/v4/',
} as const;

export type ServerApiRegion = keyof typeof SERVER_API_REGIONS;
const PROVIDER = 'the Fingerprint Server API';

/** `<epoch ms>.<id>`, as the agent returns it; checked before any request goes out. */
const EVENT_ID = /^\d{10,16}\.[A-Za-z0-9]{1,32}$/;

export interface ServerApiClientOptions extends ProviderClientOptions {
  /** The secret API key (Dashboard > API Keys). Never sent to a browser, never logged. */
  secretKey: string;
  /** Default `'global'`. */
  region?: ServerApiRegion;
  /**
   * Replaces the region's URL: your own proxy to Fingerprint, or a local fake in tests
   * (`createFakeFingerprintApi().baseUrl`). It ends in `/v4`; requests go to `<baseUrl>/events/<id>`.
   */
  baseUrl?: string;
  /** Longest a `getEvent` may take in all: retries and response bodies included. Default `'10s'`. */
  maxWait?: Duration;
  /**
   * A ruleset of your workspace (Dashboard > Rules, e.g. `rs_…`): sent as `ruleset_id` with each
   * `getEvent`, so the event comes back with the `rule_action` the ruleset chose for it. An id
   * the workspace does not know is `PROVIDER_AUTH_FAILED` (the API's 400 `ruleset_not_found`).
   * v4 only: the v3 API has no rulesets.
   */
  rulesetId?: string;
}

/** The options of both Server API clients (v4 and v3); the guard's `fingerprint.serverApi` adds `version`. */
export const SERVER_API_CLIENT_OPTIONS = {
  ...PROVIDER_CLIENT_OPTIONS,
  secretKey: true,
  region: oneOf(...(Object.keys(SERVER_API_REGIONS) as ServerApiRegion[])),
  baseUrl: isString,
  maxWait: isDuration,
  rulesetId: (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string'),
} as const satisfies OptionSchema<ServerApiClientOptions>;

export interface ServerApiClient {
  /**
   * `GET /v4/events/{eventId}` (with `?ruleset_id=` when `rulesetId` is set): the event,
   * validated as a v4 event. `caller` shares waiting calls fairly.
   */
  getEvent(eventId: string, options?: ProviderCallOptions): Promise<FingerprintEvent>;
  /**
   * `POST /v4/edge` (Automation Intelligence, public preview): Fingerprint's bot, VPN and proxy
   * evaluation of an HTTP request from its method, URL, headers and client IP, without the agent.
   * Send secret headers (`Authorization`, `Cookie`) with an empty value. Within the same
   * `maxWait`, retries and `maxConcurrent` slots as `getEvent`.
   */
  analyzeRequest(request: FingerprintEdgeRequest, options?: ProviderCallOptions): Promise<FingerprintEdgeEvent>;
}

/**
 * @example
 * const api = createServerApiClient({ secretKey: process.env.FP_SECRET_KEY!, region: 'eu' });
 * const event = await api.getEvent(req.body.event_id);
 * const evaluation = await api.analyzeRequest({ method: 'POST', url: 'https://shop.example/signup', headers: [{ name: 'User-Agent', value: ua }], ipv4_address: ip });
 */
export function createServerApiClient(options: ServerApiClientOptions): ServerApiClient {
  checkOptions(options, SERVER_API_CLIENT_OPTIONS, 'createServerApiClient');
  const secretKey = checkSecret(options.secretKey, 'serverApi secretKey');
  const region = options.region ?? 'global';
  const http = {
    ...resolveHttpOptions(
      PROVIDER,
      options.baseUrl ?? SERVER_API_REGIONS[region],
      { authorization: `Bearer ${secretKey}` },
      options,
    ),
    describeAuthFailure: describeServerApiRefusal,
  };
  const maxWaitMs = toMilliseconds(options.maxWait ?? '10s', 'maxWait');
  const query = options.rulesetId === undefined ? '' : `?${new URLSearchParams({ ruleset_id: options.rulesetId })}`;
  const limiter = createFairLimiter(http.maxConcurrent, PROVIDER);

  return {
    async getEvent(eventId, { caller } = {}) {
      if (typeof eventId !== 'string' || !EVENT_ID.test(eventId)) {
        throw new FingerprintGuardError('PROVIDER_REJECTED', 'That is not a Fingerprint event id (`<epoch ms>.<id>`).');
      }
      const deadline = Date.now() + maxWaitMs;
      const response = await limiter.run(caller, deadline, () =>
        providerRequest(http, { method: 'GET', path: `events/${encodeURIComponent(eventId)}${query}`, deadline }),
      );
      const event = toEventOrUnavailable(parseProviderJson(response.text, PROVIDER));
      if (event.event_id !== eventId) {
        throw new FingerprintGuardError(
          'PROVIDER_UNAVAILABLE',
          `${PROVIDER} answered with another event than the one asked for.`,
        );
      }
      return event;
    },
    async analyzeRequest(request, { caller } = {}) {
      const deadline = Date.now() + maxWaitMs;
      const response = await limiter.run(caller, deadline, () =>
        providerRequest(http, { method: 'POST', path: 'edge', body: request, deadline }),
      );
      return toEdgeEvent(parseProviderJson(response.text, PROVIDER), PROVIDER);
    },
  };
}

function toEventOrUnavailable(payload: unknown): FingerprintEvent {
  try {
    return toFingerprintEvent(payload);
  } catch {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${PROVIDER} answered with JSON that is not a v4 event.`);
  }
}
