/** The JSON body every adapter answers a denial (or a refused webhook delivery) with. */
import type { FingerprintGuardError } from '../errors.js';

/** `{ "error": { "code", "message", "rule"? } }`: what a client may see of `error`. */
export function denialBody(error: FingerprintGuardError): { error: { code: string; message: string; rule?: string } } {
  return {
    error: { code: error.code, message: error.message, ...(error.rule === undefined ? {} : { rule: error.rule }) },
  };
}
