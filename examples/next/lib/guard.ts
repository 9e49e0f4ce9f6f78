// The guards every route shares, built at their first request: `next build` loads this module
// with no secrets set (CI builds it so), and reads process.env only when a request comes in.
import { createFingerprintGuard } from '@fingerprint-guard/next';

// Fingerprint's public test key: `next dev` only. `next start` (production) requires FP_SEALED_KEYS,
// the dashboard's key(s), comma-separated, new key first during a rotation.
export const DEV_SEALED_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export function sealedKeys(): string[] {
  const keys = process.env.FP_SEALED_KEYS;
  if (keys) return keys.split(',');
  if (process.env.NODE_ENV === 'production') throw new Error('FP_SEALED_KEYS is required in production.');
  return [DEV_SEALED_KEY];
}

export const guard = createFingerprintGuard<Request>(() => ({
  fingerprint: { keys: sealedKeys() },
  maxAge: '2m',
  deny: { bot: true, tampering: true },
}));

// The in-process benchmark's guard (app/api/bench/guard): keys only, as every adapter's bench guard.
export const benchGuard = createFingerprintGuard<Request>(() => ({ fingerprint: { keys: sealedKeys() } }));

// cside: CSIDE_API_KEY (and CSIDE_BASE_URL for a local fake) from the environment.
export const csideGuard = createFingerprintGuard<Request>(() => ({
  cside: { apiKey: process.env.CSIDE_API_KEY!, baseUrl: process.env.CSIDE_BASE_URL || undefined },
  deny: { bot: true },
}));
