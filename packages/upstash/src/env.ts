/** upstashConfigFromEnv: the REST URL and token from Upstash's or Vercel KV's environment variables. */
import { configError } from '@fingerprint-guard/core/adapter';

/** Environment variables by name: `process.env`, a Worker's `env`, `Deno.env.toObject()`. */
export type EnvLike = Readonly<Record<string, unknown>>;

const PAIRS = [
  ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN'],
  // Vercel KV, and Upstash databases created from the Vercel Marketplace.
  ['KV_REST_API_URL', 'KV_REST_API_TOKEN'],
] as const;

/**
 * `{ url, token }` for `new Redis(...)` from `@upstash/redis`: from `UPSTASH_REDIS_REST_URL` and
 * `UPSTASH_REDIS_REST_TOKEN`, or else from Vercel KV's `KV_REST_API_URL` and `KV_REST_API_TOKEN`
 * (a URL and a token are always taken from the same pair). `CONFIG_INVALID` when neither pair
 * is complete or the URL is not http(s). Default `env`: `process.env` where there is one.
 *
 * @example
 * import { Redis } from '@upstash/redis';
 * const store = createUpstashReplayStore({ client: new Redis(upstashConfigFromEnv()) });
 */
export function upstashConfigFromEnv(env?: EnvLike): { url: string; token: string } {
  const source = env ?? (globalThis as { process?: { env?: EnvLike } }).process?.env;
  if (typeof source !== 'object' || source === null) {
    throw configError(
      'upstashConfigFromEnv found no process.env here: pass your environment (a Worker’s `env`).',
      'upstash',
    );
  }
  for (const [urlName, tokenName] of PAIRS) {
    const url = source[urlName];
    const token = source[tokenName];
    if (typeof url !== 'string' || url === '' || typeof token !== 'string' || token === '') continue;
    if (!/^https?:\/\/\S+$/.test(url)) throw configError(`${urlName} must be a URL (http or https).`, 'upstash');
    return { url, token };
  }
  throw configError(
    'set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (or Vercel KV’s KV_REST_API_URL and KV_REST_API_TOKEN).',
    'upstash',
  );
}
