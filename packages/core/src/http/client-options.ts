/** Checks the options every provider client shares, once, at construction. */
import { toMilliseconds, type Duration } from '../duration.js';
import { configError } from '../errors.js';
import { isDuration, isFunction, wholeNumber } from '../schema/checks.js';
import { nested, type OptionSchema } from '../schema/schema.js';
import type { ProviderHttpOptions, RetryOptions } from './provider-http.js';

export interface ProviderClientOptions {
  /** Replaces the global fetch (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** One HTTP attempt's time-out, body included. Default `'5s'`. */
  timeout?: Duration;
  /** Retries of 5xx, network failures and time-outs, and of a 429 whose `Retry-After` fits the deadline; `false` for none. */
  retry?: RetryOptions | false;
  /** Largest response body read. Default 1,048,576 bytes. */
  maxResponseBytes?: number;
  /**
   * Most calls in flight at once to this provider (shared by every guard with the same provider
   * configuration in the process). Past it, calls wait for a slot within their `maxWait`, served
   * round-robin between callers (client IPs); a caller with `maxConcurrent` calls already waiting,
   * or a full queue (8 × `maxConcurrent`), gets `PROVIDER_UNAVAILABLE` at once. Default 32.
   */
  maxConcurrent?: number;
}

/** Who a call is made for, so that waiting calls are shared fairly when `maxConcurrent` are in flight. */
export interface ProviderCallOptions {
  /** The caller, e.g. the client IP: calls waiting for a slot are served round-robin between callers. */
  caller?: string;
}

export interface ResolvedClientOptions extends ProviderHttpOptions {
  maxConcurrent: number;
}

const RETRY_OPTIONS = {
  attempts: wholeNumber(1),
  baseDelayMs: wholeNumber(0),
  maxDelayMs: wholeNumber(0),
} as const satisfies OptionSchema<RetryOptions>;

/** The options every provider client shares; each client's schema adds its own. */
export const PROVIDER_CLIENT_OPTIONS = {
  fetch: isFunction,
  timeout: isDuration,
  retry: nested(RETRY_OPTIONS, 'false'),
  maxResponseBytes: wholeNumber(1, undefined, 'bytes'),
  maxConcurrent: wholeNumber(1),
} as const satisfies OptionSchema<ProviderClientOptions>;

/** The HTTP settings of a client whose options `PROVIDER_CLIENT_OPTIONS` checked. */
export function resolveHttpOptions(
  provider: string,
  baseUrl: string,
  headers: Record<string, string>,
  options: ProviderClientOptions,
): ResolvedClientOptions {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw configError(`the ${provider} base URL is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw configError(`the ${provider} base URL must be http(s).`);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw configError('no fetch available: pass `fetch`.');
  const retry: RetryOptions = options.retry === false ? { attempts: 1 } : (options.retry ?? {});
  return {
    provider,
    maxConcurrent: options.maxConcurrent ?? 32,
    baseUrl: url.href.endsWith('/') ? url.href : `${url.href}/`,
    fetch: fetchImpl,
    timeoutMs: toMilliseconds(options.timeout ?? '5s', 'timeout'),
    retry: {
      attempts: retry.attempts ?? 3,
      baseDelayMs: retry.baseDelayMs ?? 100,
      maxDelayMs: retry.maxDelayMs ?? 2000,
    },
    maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
    headers,
  };
}

/** An API key or secret: a non-empty string without line breaks. Never echoed. */
export function checkSecret(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value)) {
    throw configError(`${name} must be a non-empty string.`);
  }
  return value;
}
