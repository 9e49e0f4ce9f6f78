// Everything the example reads from the environment, with defaults that work offline.
import { generateKey } from '@fingerprint-guard/testing';

/**
 * With FP_SEALED_KEYS (the key(s) from Dashboard > API Keys > Sealed Client Results, comma-separated,
 * new key first) the app runs on real keys and the agent simulator is not mounted at all. Without
 * them, the app makes a development key of its own at each start, and only the simulator seals with
 * it: no sealed result the simulator mints can ever open with a real key.
 */
export function readConfig(env = process.env) {
  const production = env.NODE_ENV === 'production';
  const realKeys = env.FP_SEALED_KEYS ? env.FP_SEALED_KEYS.split(',').map((key) => key.trim()) : undefined;
  if (production && !realKeys) throw new Error('FP_SEALED_KEYS is required in production.');
  const simulatorKey = realKeys ? undefined : generateKey();
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  return {
    production,
    port,
    host,
    sealedKeys: realKeys ?? [simulatorKey],
    /** Set only when no real key is configured: the key the development simulator seals with. */
    simulatorKey,
    /** Origins the pages are served on, for bind.origin; default: where this server listens. */
    publicOrigins: env.PUBLIC_ORIGINS ? env.PUBLIC_ORIGINS.split(',').map((origin) => origin.trim()) : undefined,
    // A shared replay store for several instances; without it, the in-memory store.
    redisUrl: env.REDIS_URL,
    // The real browser agent instead of the simulator: its public API key and loader URL.
    agent: env.FP_PUBLIC_API_KEY ? { apiKey: env.FP_PUBLIC_API_KEY, loaderUrl: env.FP_AGENT_LOADER_URL } : undefined,
    // Real cside instead of the local fake: backend API key, API base URL, browser script URL.
    cside: env.CSIDE_API_KEY
      ? { apiKey: env.CSIDE_API_KEY, baseUrl: env.CSIDE_BASE_URL, scriptUrl: env.CSIDE_SCRIPT_URL }
      : undefined,
  };
}
