// One guard for every route: one configuration, one replay store.
import { createFingerprintGuard } from '@fingerprint-guard/next';

// Development key (Fingerprint's public test key). In production set FP_SEALED_KEYS to the
// dashboard's key(s), comma-separated, new key first during a rotation.
const DEV_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export const guard = createFingerprintGuard<Request>({
  fingerprint: { keys: process.env.FP_SEALED_KEYS ? process.env.FP_SEALED_KEYS.split(',') : [DEV_KEY] },
  maxAge: '2m',
  deny: { bot: true, tampering: true },
});
