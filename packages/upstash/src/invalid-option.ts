/** The package's misconfiguration error: CONFIG_INVALID, thrown when the store is built. */
import { FingerprintGuardError } from '@fingerprint-guard/core';

export function invalidOption(message: string): FingerprintGuardError {
  return new FingerprintGuardError('CONFIG_INVALID', `fingerprint-guard/upstash: ${message}`);
}
