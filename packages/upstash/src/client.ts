/** The three methods of an `@upstash/redis` client the store calls, described without importing it. */
import { configError } from '@fingerprint-guard/core/adapter';

/**
 * An `@upstash/redis` `Redis` client (1.34 or later), or anything with the same three methods
 * (Vercel KV's `kv` is one). Only the shapes the store uses are described, so your own
 * installed version of the client is the one that runs.
 */
export interface UpstashRedisLike {
  set(key: string, value: string, options: { nx: true; get: true; px: number }): Promise<unknown>;
  exists(...keys: string[]): Promise<number>;
  del(...keys: string[]): Promise<number>;
}

export function checkClient(client: unknown): UpstashRedisLike {
  const candidate = client as Partial<Record<keyof UpstashRedisLike, unknown>> | null | undefined;
  if (
    typeof candidate?.set !== 'function' ||
    typeof candidate.exists !== 'function' ||
    typeof candidate.del !== 'function'
  ) {
    throw configError(
      'createUpstashReplayStore needs an @upstash/redis client (`client: new Redis({ url, token })`).',
      'upstash',
    );
  }
  return client as UpstashRedisLike;
}
