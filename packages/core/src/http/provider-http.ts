/** Calls to provider APIs: a deadline over the whole exchange, retries, a body-size cap. */
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
  /** One attempt's time-out, ms: connection, headers and body together. */
  timeoutMs: number;
  retry: Required<RetryOptions>;
  /** Largest response body read, bytes. */
  maxResponseBytes: number;
  /** Sent with every request (the API key goes here and nowhere else). */
  headers: Record<string, string>;
  /**
   * Says why the provider refused the API key (401/403), or which setting of the server a 400
   * blames (`undefined` for a 400 about the request), from its error body; never echoes the key.
   */
  describeAuthFailure?: (status: number, body: unknown) => string | undefined;
}

export interface ProviderRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Epoch ms by which the whole call, every attempt and body included, is over. */
  deadline: number;
  /** Statuses handed back to the caller instead of being mapped to errors (e.g. 404 → null). */
  passStatuses?: readonly number[];
}

export interface ProviderResponse {
  status: number;
  text: string;
}

/** The most of an error body read to explain a refusal. */
const ERROR_BODY_BYTES = 4096;

class AttemptTimeout extends Error {
  override readonly name = 'AttemptTimeout';
}

/**
 * Sends one request, retrying 5xx, network failures and time-outs with full-jitter back-off,
 * and 429 only when its `Retry-After` ends before `deadline`. 401/403, and a 400 that
 * `describeAuthFailure` says blames the configuration, become `PROVIDER_AUTH_FAILED`, other
 * 400s, 404 and other 4xx `PROVIDER_REJECTED`, the rest
 * `PROVIDER_UNAVAILABLE`. Messages name the provider and the status, never a header or a body.
 */
export async function providerRequest(
  options: ProviderHttpOptions,
  request: ProviderRequest,
): Promise<ProviderResponse> {
  const { provider, retry } = options;
  let lastProblem = 'no attempt was made before the deadline';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    const remaining = request.deadline - Date.now();
    if (remaining <= 0) break;
    const outcome = await attemptOnce(options, request, Math.min(options.timeoutMs, remaining));
    if ('response' in outcome) return outcome.response;
    if (outcome.error) throw outcome.error;
    lastProblem = outcome.problem;
    if (attempt === retry.attempts) break;
    if (outcome.retryable === false) break;
    const backoff =
      outcome.retryAfterMs ?? Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    if (Date.now() + backoff >= request.deadline) break;
    await sleep(backoff);
  }
  throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${provider} is unavailable: ${lastProblem}.`);
}

type AttemptOutcome =
  | { response: ProviderResponse }
  | { error: FingerprintGuardError }
  | { error?: undefined; problem: string; retryAfterMs?: number; retryable?: boolean };

/**
 * One attempt, bounded as a whole by one timer that aborts the fetch and its body. The timer is
 * our own: a pending timeout is held by the event loop, so garbage collection cannot drop it
 * (an `AbortSignal.timeout()` nothing references can be collected once headers arrive). The
 * race also bounds a `fetch` replacement that ignores its signal.
 */
async function attemptOnce(
  options: ProviderHttpOptions,
  request: ProviderRequest,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const timeout = new AttemptTimeout(`no complete answer within ${timeoutMs} ms`);
      controller.abort(timeout);
      reject(timeout);
    }, timeoutMs);
  });
  const exchange = exchangeOnce(options, request, controller.signal);
  try {
    return await Promise.race([exchange, expired]);
  } catch (error) {
    if (error instanceof FingerprintGuardError) return { error };
    return {
      problem:
        error instanceof AttemptTimeout || isAbort(error) ? 'the request timed out' : 'the network request failed',
    };
  } finally {
    clearTimeout(timer);
    // Whichever side lost the race must not surface later as an unhandled rejection.
    exchange.catch(() => {});
  }
}

async function exchangeOnce(
  options: ProviderHttpOptions,
  request: ProviderRequest,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const { provider } = options;
  const response = await send(options, request, signal);
  if (response.ok || request.passStatuses?.includes(response.status)) {
    return {
      response: { status: response.status, text: await readCapped(response, options.maxResponseBytes, provider) },
    };
  }
  if (response.status === 401 || response.status === 403) {
    const reason = options.describeAuthFailure?.(response.status, await readErrorBody(response));
    return {
      error: new FingerprintGuardError(
        'PROVIDER_AUTH_FAILED',
        reason ?? `${provider} refused the API key (HTTP ${response.status}): check the server's configuration.`,
      ),
    };
  }
  // A 400 may blame the server's configuration (an unknown ruleset id), not the request's credential.
  const misconfigured =
    response.status === 400 ? options.describeAuthFailure?.(400, await readErrorBody(response)) : undefined;
  if (misconfigured !== undefined) return { error: new FingerprintGuardError('PROVIDER_AUTH_FAILED', misconfigured) };
  await response.body?.cancel().catch(() => {});
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const fits = retryAfterMs !== undefined && Date.now() + retryAfterMs < request.deadline;
    // Without a Retry-After that ends in time, a retry would only add to the provider's load.
    return { problem: 'HTTP 429 (rate limited)', retryAfterMs, retryable: fits };
  }
  if (response.status >= 500) return { problem: `HTTP ${response.status}` };
  return {
    error: new FingerprintGuardError(
      'PROVIDER_REJECTED',
      `${provider} rejected the request (HTTP ${response.status}).`,
    ),
  };
}

function send(options: ProviderHttpOptions, request: ProviderRequest, signal: AbortSignal): Promise<Response> {
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
    signal,
    redirect: 'error',
  });
}

/** Reads at most `maxBytes`: a hostile or broken server cannot make us buffer gigabytes. */
async function readCapped(response: Response, maxBytes: number, provider: string): Promise<string> {
  if (!response.body) return '';
  const bytes = await readStreamCapped(response.body, maxBytes);
  if (bytes === undefined) {
    throw new FingerprintGuardError(
      'PROVIDER_UNAVAILABLE',
      `${provider} sent a response larger than ${maxBytes} bytes.`,
    );
  }
  return new TextDecoder().decode(bytes);
}

/** A small error body as JSON, or `undefined`: only read to explain a refusal. */
async function readErrorBody(response: Response): Promise<unknown> {
  if (!response.body) return undefined;
  const bytes = await readStreamCapped(response.body, ERROR_BODY_BYTES);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** `Retry-After` in seconds or as an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isAbort(error: unknown): boolean {
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
