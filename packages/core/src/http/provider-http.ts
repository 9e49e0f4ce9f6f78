/** Calls to provider APIs: a deadline, per-attempt time-outs, jittered retries, a body-size cap. */
import { FingerprintGuardError } from '../errors.js';
import { readStreamCapped } from './read-capped.js';

export interface RetryOptions {
  /** Most attempts for one call (the first included). Default 3. */
  attempts?: number;
  /** First back-off before jitter, in ms. Default 100. */
  baseDelayMs?: number;
  /** Longest back-off, in ms. Default 2000. */
  maxDelayMs?: number;
}

export interface ProviderHttpOptions {
  /** Named in error messages: `cside`, `the Fingerprint Server API`. */
  provider: string;
  baseUrl: string;
  fetch: typeof fetch;
  /** One attempt's time-out, ms. */
  timeoutMs: number;
  retry: Required<RetryOptions>;
  /** Largest response body read, bytes. */
  maxResponseBytes: number;
  /** Sent with every request (the API key goes here and nowhere else). */
  headers: Record<string, string>;
}

export interface ProviderRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Epoch ms after which no further attempt starts. */
  deadline: number;
  /** Statuses handed back to the caller instead of being mapped to errors (e.g. 404 → null). */
  passStatuses?: readonly number[];
}

export interface ProviderResponse {
  status: number;
  text: string;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/**
 * Sends one request, retrying 429, 5xx, network failures and time-outs with full-jitter back-off
 * (or the server's `Retry-After`) until `attempts` or `deadline` runs out. 401/403 become
 * `PROVIDER_AUTH_FAILED`, 400/404 and other 4xx `PROVIDER_REJECTED`, the rest `PROVIDER_UNAVAILABLE`.
 * Messages name the provider and the status, never a header or a body.
 */
export async function providerRequest(options: ProviderHttpOptions, request: ProviderRequest): Promise<ProviderResponse> {
  const { provider, retry } = options;
  let lastProblem = 'no attempt was made before the deadline';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    const remaining = request.deadline - Date.now();
    if (remaining <= 0) break;
    let retryAfterMs: number | undefined;
    try {
      const response = await send(options, request, Math.min(options.timeoutMs, remaining));
      if (response.ok || request.passStatuses?.includes(response.status)) {
        return { status: response.status, text: await readCapped(response, options.maxResponseBytes, provider) };
      }
      await response.body?.cancel().catch(() => {});
      if (response.status === 401 || response.status === 403) {
        throw new FingerprintGuardError('PROVIDER_AUTH_FAILED', `${provider} refused the API key (HTTP ${response.status}): check the server's configuration.`);
      }
      if (!RETRYABLE(response.status)) {
        throw new FingerprintGuardError('PROVIDER_REJECTED', `${provider} rejected the request (HTTP ${response.status}).`);
      }
      lastProblem = `HTTP ${response.status}`;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof FingerprintGuardError) throw error;
      lastProblem = isTimeout(error) ? 'the request timed out' : 'the network request failed';
    }
    if (attempt === retry.attempts) break;
    const backoff = retryAfterMs ?? Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    if (Date.now() + backoff >= request.deadline) break;
    await sleep(backoff);
  }
  throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${provider} is unavailable: ${lastProblem}.`);
}

async function send(options: ProviderHttpOptions, request: ProviderRequest, timeoutMs: number): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, text/plain', ...options.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  return options.fetch(new URL(request.path, options.baseUrl), {
    method: request.method,
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
}

/** Reads at most `maxBytes`: a hostile or broken server cannot make us buffer gigabytes. */
async function readCapped(response: Response, maxBytes: number, provider: string): Promise<string> {
  if (!response.body) return '';
  const bytes = await readStreamCapped(response.body, maxBytes);
  if (bytes === undefined) {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${provider} sent a response larger than ${maxBytes} bytes.`);
  }
  return new TextDecoder().decode(bytes);
}

/** `Retry-After` in seconds or as an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Parses a provider's JSON body, or says it was not the documented JSON. */
export function parseProviderJson(text: string, provider: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${provider} answered with a body that is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${provider} answered with JSON that is not an object.`);
  }
  return value as Record<string, unknown>;
}
