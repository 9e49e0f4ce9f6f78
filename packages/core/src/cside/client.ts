/** createCsideClient: cside's fingerprinting Events API, from the backend. */
import { toMilliseconds, type Duration } from '../duration.js';
import { configError, FingerprintGuardError } from '../errors.js';
import { checkSecret, resolveHttpOptions, type ProviderClientOptions } from '../http/client-options.js';
import { parseProviderJson, providerRequest, sleep } from '../http/provider-http.js';
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
  /** How long `verify` waits for a `pending` evaluation to complete. Default `'10s'`. */
  maxWait?: Duration;
}

export interface CsideClient {
  /** Exchanges a session token for its evaluation, polling while cside answers `202 pending`. */
  verify(token: string): Promise<CsideVerifyResponse>;
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
 * `PROVIDER_AUTH_FAILED`, 400/404 `PROVIDER_REJECTED`, still pending at `maxWait`
 * `PROVIDER_PENDING`, and 429/5xx/network/time-out (after retries) `PROVIDER_UNAVAILABLE`.
 *
 * @example
 * const cside = createCsideClient({ apiKey: process.env.CSIDE_FINGERPRINT_API_KEY! });
 * const evaluation = await cside.verify(req.body.cside_token);
 */
export function createCsideClient(options: CsideClientOptions): CsideClient {
  if (typeof options !== 'object' || options === null) throw configError('createCsideClient needs an options object.');
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

  async function verify(token: string): Promise<CsideVerifyResponse> {
    checkToken(token);
    const deadline = Date.now() + maxWaitMs;
    // Polling starts quick (most evaluations finish in well under a second) and backs off.
    for (let poll = 0; ; poll++) {
      const response = await providerRequest(authorised, {
        method: 'POST',
        path: 'token/v2/verify',
        body: { token },
        deadline,
      });
      const payload = parseProviderJson(response.text, PROVIDER);
      if (response.status === 200) return asVerifyResponse(payload);
      if (response.status !== 202) {
        throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `cside answered HTTP ${response.status} to verify.`);
      }
      const delay = Math.min(1000, 100 * 1.5 ** poll) * (0.75 + Math.random() * 0.5);
      if (Date.now() + delay >= deadline) {
        throw new FingerprintGuardError('PROVIDER_PENDING', `cside was still evaluating the token after maxWait (${maxWaitMs} ms).`);
      }
      await sleep(delay);
    }
  }

  async function deviceEntries(token: string, page: { limit?: number; offset?: number } = {}): Promise<CsideDeviceEntriesPage> {
    checkToken(token);
    const limit = page.limit ?? CSIDE_MAX_PAGE;
    const offset = page.offset ?? 0;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > CSIDE_MAX_PAGE) {
      throw configError(`deviceEntries limit must be a whole number from 1 to ${CSIDE_MAX_PAGE} (cside's cap).`);
    }
    if (!Number.isSafeInteger(offset) || offset < 0) throw configError('deviceEntries offset must be a whole number, at least 0.');
    const payload = parseProviderJson((await post('token/v2/device/entries', { token, limit, offset }, true)).text, PROVIDER);
    if (typeof payload.device_id !== 'string' || !Array.isArray(payload.entries) || typeof payload.has_more !== 'boolean') {
      throw notDocumented('device entries');
    }
    return payload as unknown as CsideDeviceEntriesPage;
  }

  async function* allDeviceEntries(token: string, { pageSize = CSIDE_MAX_PAGE } = {}): AsyncIterable<CsideVerifyResponse> {
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
    checkToken(token);
    return parseProviderJson((await post('token/v1/client', { token }, false)).text, PROVIDER) as CsideClientResponse;
  }

  async function clientId(token: string): Promise<string | null> {
    checkToken(token);
    const response = await post('token/v1/clientId', { token }, false, [404]);
    if (response.status === 404) return null;
    const id = response.text.trim();
    if (id === '' || id.length > 256 || /\s/.test(id)) throw notDocumented('client id');
    return id;
  }

  return { verify, deviceEntries, allDeviceEntries, clientResponse, clientId };
}

function asVerifyResponse(payload: Record<string, unknown>): CsideVerifyResponse {
  const createdAt = payload.created_at;
  if (typeof payload.status !== 'string' || (typeof createdAt !== 'string' && typeof createdAt !== 'number')) {
    throw notDocumented('verify');
  }
  return payload as CsideVerifyResponse;
}

function checkToken(token: unknown): asserts token is string {
  if (typeof token !== 'string' || token === '' || token.length > 8192) {
    throw new FingerprintGuardError('PROVIDER_REJECTED', 'The cside session token must be a non-empty string of at most 8192 characters.');
  }
}

function notDocumented(what: string): FingerprintGuardError {
  return new FingerprintGuardError('PROVIDER_UNAVAILABLE', `cside answered ${what} with JSON that is not the documented shape.`);
}
