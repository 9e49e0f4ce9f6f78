/** What every adapter answers a denial (or a refused webhook delivery) with: the JSON body, or a ruleset's block response. */
import type { FingerprintGuardError } from '../errors.js';
import { checkBlockAction, type DenialResponse } from '../guard/block-response.js';

export type { DenialResponse } from '../guard/block-response.js';

/** `{ "error": { "code", "message", "rule"? } }`: what a client may see of `error`. */
export function denialBody(error: FingerprintGuardError): { error: { code: string; message: string; rule?: string } } {
  return {
    error: { code: error.code, message: error.message, ...(error.rule === undefined ? {} : { rule: error.rule }) },
  };
}

const JSON_TYPE: [string, string] = ['content-type', 'application/json; charset=utf-8'];

/**
 * The whole answer to a denial: a Fingerprint ruleset's block action (`error.ruleAction`, with
 * `honorRuleAction`) as its own status, headers and body once they pass `checkBlockAction`
 * (error status, safe headers, at most 64 KiB), else `denialBody(error)` as JSON with the
 * error's status. Adapters send exactly this; a user's `onDenied` or error hook replaces it.
 *
 * @example
 * const { status, headers, body } = denialResponse(error);
 * res.statusCode = status;
 * for (const [name, value] of headers) res.appendHeader(name, value);
 * res.end(body);
 */
export function denialResponse(error: FingerprintGuardError): DenialResponse {
  return (
    ruleActionResponse(error) ?? { status: error.status, headers: [JSON_TYPE], body: JSON.stringify(denialBody(error)) }
  );
}

/** A ruleset's block response, when `error` carries one that can be sent (see `denialResponse`); else `undefined`. */
export function ruleActionResponse(error: FingerprintGuardError): DenialResponse | undefined {
  return error.ruleAction === undefined ? undefined : checkBlockAction(error.ruleAction).response;
}
