/** createCsideClient: cside's fingerprinting Events API, from the backend. */
import { toMilliseconds, type Duration } from '../duration.js';
import { configError, FingerprintGuardError } from '../errors.js';
import { isDuration, isString } from '../schema/checks.js';
import { checkOptions, type OptionSchema } from '../schema/schema.js';
import {
  checkSecret,
  PROVIDER_CLIENT_OPTIONS,
  resolveHttpOptions,
  type ProviderCallOptions,
  type ProviderClientOptions,
} from '../http/client-options.js';
import { createFairLimiter } from '../http/fair-limiter.js';
import { parseProviderJson, providerRequest, sleep, type ProviderResponse } from '../http/provider-http.js';
import type { CsideClientResponse, CsideDeviceEntriesPage, CsideVerifyResponse } from './types.js';

export const CSIDE_BASE_URL = 'https://api.cside.com';
const PROVIDER = 'cside';
/** cside's own cap on a device-entries page. */
export const CSIDE_MAX_PAGE = 500;

export interface CsideClientOptions extends ProviderClientOptions {
  /** The backend fingerprint API key from the cside dashboard. Never sent to a browser, never logged. */
  apiKey: string;
  /** Default `https://api.cside.com`. */
  baseUrl?: string;
  /** How long `verify` may take in all: polls of a `pending` evaluation, retries and bodies. Default `'10s'`. */
  maxWait?: Duration;
}

/** `createCsideClient`'s options, and the guard's `cside`. */
export const CSIDE_CLIENT_OPTIONS = {
  ...PROVIDER_CLIENT_OPTIONS,
  apiKey: true,
  baseUrl: isString,
  maxWait: isDuration,
} as const satisfies OptionSchema<CsideClientOptions>;

export interface CsideClient {
  /** Exchanges a session token for its evaluation, polling while cside answers `202 pending`. */
  verify(token: string, options?: ProviderCallOptions): Promise<CsideVerifyResponse>;
  /** One page of completed evaluations for the token's device (`limit` 1–500, default 500). */
  deviceEntries(token: string, page?: { limit?: number; offset?: number }): Promise<CsideDeviceEntriesPage>;
  /** Every entry for the token's device, page after page. */
  allDeviceEntries(token: string, options?: { pageSize?: number }): AsyncIterable<CsideVerifyResponse>;
  /** The public `/token/v1/client` payload. */
  clientResponse(token: string): Promise<CsideClientResponse>;
  /** The stable fingerprint id (`/token/v1/clientId`, plain text), or `null` when cside has none. */
  clientId(token: string): Promise<string | null>;
}

/**
 * A client for cside's Events API. Errors are `FingerprintGuardError`s: 401/403
 * `PROVIDER_AUTH_FAILED`, 400/404 and an evaluation whose `status` is not `completed`
 * `PROVIDER_REJECTED`, still pending at `maxWait` `PROVIDER_PENDING`, and 429/5xx/network/
 * time-out (after retries) or no free slot among `maxConcurrent` before `maxWait`
 * `PROVIDER_UNAVAILABLE`. `maxWait` bounds the whole exchange, the wait for a slot and
 * response bodies included.
 *
 * @example
 * const cside = createCsideClient({ apiKey: process.env.CSIDE_FINGERPRINT_API_KEY! });
 * const evaluation = await cside.verify(req.body.cside_token);
 */
export function createCsideClient(options: CsideClientOptions): CsideClient {
  checkOptions(options, CSIDE_CLIENT_OPTIONS, 'createCsideClient');
  const apiKey = checkSecret(options.apiKey, 'cside apiKey');
  const http = resolveHttpOptions(PROVIDER, options.baseUrl ?? CSIDE_BASE_URL, {}, options);
  const authorised = { ...http, headers: { authorization: `Bearer ${apiKey}` } };
  const maxWaitMs = toMilliseconds(options.maxWait ?? '10s', 'maxWait');

  async function post(path: string, body: object, authenticated: boolean, passStatuses?: number[]) {
    return providerRequest(authenticated ? authorised : http, {
      method: 'POST',
      path,
      body,
      deadline: Date.now() + maxWaitMs,
      passStatuses,
    });
  }

  /**
   * Only a 200 whose `status` is `completed` is a verified evaluation; `pending` (202, or a 200
   * that still says so) is polled again until `maxWait`, and any other status is refused.
   */
  async function verifyOnce(token: string, deadline: number): Promise<CsideVerifyResponse> {
    const stillPending = () =>
      new FingerprintGuardError(
        'PROVIDER_PENDING',
        `cside was still evaluating the token after maxWait (${maxWaitMs} ms).`,
      );
    let sawPending = false;
    // Polling starts quick (most evaluations finish in well under a second) and backs off.
    for (let poll = 0; ; poll++) {
      let response: ProviderResponse;
      try {
        response = await providerRequest(authorised, {
          method: 'POST',
          path: 'token/v2/verify',
          body: { token },
          deadline,
        });
      } catch (error) {
        // The deadline cut a poll of an evaluation cside had said was pending: it is still pending.
        if (sawPending && Date.now() >= deadline && (error as FingerprintGuardError).code === 'PROVIDER_UNAVAILABLE')
          throw stillPending();
        throw error;
      }
      const payload = parseProviderJson(response.text, PROVIDER);
      if (response.status !== 200 && response.status !== 202) {
        throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `cside answered HTTP ${response.status} to verify.`);
      }
      if (response.status === 200 && payload.status !== 'pending') return asCompletedEvaluation(payload);
      sawPending = true;
      const delay = Math.min(1000, 100 * 1.5 ** poll) * (0.75 + Math.random() * 0.5);
      if (Date.now() + delay >= deadline) throw stillPending();
      await sleep(delay);
    }
  }
  const limiter = createFairLimiter(http.maxConcurrent, PROVIDER);
  async function verify(rawToken: string, { caller }: ProviderCallOptions = {}): Promise<CsideVerifyResponse> {
    const token = canonicalToken(rawToken);
    const deadline = Date.now() + maxWaitMs;
    return limiter.run(caller, deadline, () => verifyOnce(token, deadline));
  }

  async function deviceEntries(
    token: string,
    page: { limit?: number; offset?: number } = {},
  ): Promise<CsideDeviceEntriesPage> {
    const canonical = canonicalToken(token);
    const limit = page.limit ?? CSIDE_MAX_PAGE;
    const offset = page.offset ?? 0;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > CSIDE_MAX_PAGE) {
      throw configError(`deviceEntries limit must be a whole number from 1 to ${CSIDE_MAX_PAGE} (cside's cap).`);
    }
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw configError('deviceEntries offset must be a whole number, at least 0.');
    const payload = parseProviderJson(
      (await post('token/v2/device/entries', { token: canonical, limit, offset }, true)).text,
      PROVIDER,
    );
    if (
      typeof payload.device_id !== 'string' ||
      !Array.isArray(payload.entries) ||
      typeof payload.has_more !== 'boolean'
    ) {
      throw notDocumented('device entries');
    }
    return payload as unknown as CsideDeviceEntriesPage;
  }

  async function* allDeviceEntries(
    token: string,
    { pageSize = CSIDE_MAX_PAGE } = {},
  ): AsyncIterable<CsideVerifyResponse> {
    let offset = 0;
    for (;;) {
      const page = await deviceEntries(token, { limit: pageSize, offset });
      yield* page.entries;
      const next = page.next_offset ?? offset + page.entries.length;
      // A page that does not move forward would loop for ever: stop rather than trust it.
      if (!page.has_more || next <= offset) return;
      offset = next;
    }
  }

  async function clientResponse(token: string): Promise<CsideClientResponse> {
    return parseProviderJson(
      (await post('token/v1/client', { token: canonicalToken(token) }, false)).text,
      PROVIDER,
    ) as CsideClientResponse;
  }

  async function clientId(token: string): Promise<string | null> {
    const response = await post('token/v1/clientId', { token: canonicalToken(token) }, false, [404]);
    if (response.status === 404) return null;
    const id = response.text.trim();
    if (id === '' || id.length > 256 || /\s/.test(id)) throw notDocumented('client id');
    return id;
  }

  return { verify, deviceEntries, allDeviceEntries, clientResponse, clientId };
}

function asCompletedEvaluation(payload: Record<string, unknown>): CsideVerifyResponse {
  const { status, created_at: createdAt } = payload;
  if (typeof status !== 'string') throw notDocumented('verify');
  if (status !== 'completed') {
    // Only a completed evaluation is verified; a status we do not know is not trusted as one.
    const shown = /^[\w-]{1,32}$/.test(status) ? `"${status}"` : 'an unknown status';
    throw new FingerprintGuardError(
      'PROVIDER_REJECTED',
      `cside did not complete the evaluation of this token: status ${shown}.`,
    );
  }
  if (typeof createdAt !== 'string' && typeof createdAt !== 'number') throw notDocumented('verify');
  return payload as CsideVerifyResponse;
}

/** The token as cside issued it: surrounding white space is not part of it. */
export function canonicalToken(token: unknown): string {
  const trimmed = typeof token === 'string' ? token.trim() : '';
  if (trimmed === '' || trimmed.length > 8192) {
    throw new FingerprintGuardError(
      'PROVIDER_REJECTED',
      'The cside session token must be a non-empty string of at most 8192 characters.',
    );
  }
  return trimmed;
}

function notDocumented(what: string): FingerprintGuardError {
  return new FingerprintGuardError(
    'PROVIDER_UNAVAILABLE',
    `cside answered ${what} with JSON that is not the documented shape.`,
  );
}
