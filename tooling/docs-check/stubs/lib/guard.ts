// Stands for the reader's `@/lib/guard` in the Next.js README.
import { createFingerprintGuard } from '@fingerprint-guard/next';

export const guard = createFingerprintGuard<Request>({
  fingerprint: { keys: ['p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53='] },
});
