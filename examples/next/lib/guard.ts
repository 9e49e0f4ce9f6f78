// The guards every route shares: one configuration, one replay store each.
import { createFingerprintGuard } from '@fingerprint-guard/next';

// Fingerprint's public test key: local development only. In production set FP_SEALED_KEYS to the
// dashboard's key(s), comma-separated, new key first during a rotation.
export const DEV_SEALED_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export const guard = createFingerprintGuard<Request>({
  fingerprint: { keys: process.env.FP_SEALED_KEYS ? process.env.FP_SEALED_KEYS.split(',') : [DEV_SEALED_KEY] },
  maxAge: '2m',
  deny: { bot: true, tampering: true },
});

// cside: CSIDE_API_KEY (and CSIDE_BASE_URL for a local fake) from the environment.
export const csideGuard = createFingerprintGuard<Request>({
  cside: { apiKey: process.env.CSIDE_API_KEY || 'not-configured', baseUrl: process.env.CSIDE_BASE_URL || undefined },
  deny: { bot: true },
});
