// Everything the example reads from the environment, with defaults that work offline.

// Fingerprint's public test key: for local development only. In production set FP_SEALED_KEYS
// to the key(s) from Dashboard > API Keys > Sealed Client Results, comma-separated, new key first.
export const DEV_SEALED_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export function readConfig(env = process.env) {
  const production = env.NODE_ENV === 'production';
  const sealedKeys = env.FP_SEALED_KEYS ? env.FP_SEALED_KEYS.split(',').map((key) => key.trim()) : [DEV_SEALED_KEY];
  if (production && !env.FP_SEALED_KEYS) throw new Error('FP_SEALED_KEYS is required in production.');
  return {
    production,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    sealedKeys,
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
