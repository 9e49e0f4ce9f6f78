/** The one error class of fingerprint-guard: a stable `code`, an HTTP `status`, never secrets. */
import type { EventRuleActionBlock } from './event/rules.js';

/** HTTP status for every error code (`CONFIG_INVALID` is thrown at start-up, never sent). */
export const ERROR_STATUS = {
  CREDENTIAL_MISSING: 401,
  SEALED_RESULT_MALFORMED: 400,
  SEALED_RESULT_UNSUPPORTED_VERSION: 400,
  SEALED_RESULT_TOO_LARGE: 413,
  SEALED_RESULT_DECRYPTION_FAILED: 401,
  SEALED_RESULT_INVALID_PAYLOAD: 400,
  EVENT_EXPIRED: 401,
  EVENT_FROM_FUTURE: 401,
  EVENT_REPLAYED: 409,
  EVENT_DENIED: 403,
  PROVIDER_PENDING: 503,
  PROVIDER_UNAVAILABLE: 503,
  PROVIDER_REJECTED: 401,
  PROVIDER_AUTH_FAILED: 500,
  REPLAY_STORE_UNAVAILABLE: 503,
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_BODY_TOO_LARGE: 413,
  WEBHOOK_IN_PROGRESS: 409,
  CONFIG_INVALID: 500,
} as const;

export type FingerprintGuardErrorCode = keyof typeof ERROR_STATUS;

export interface FingerprintGuardErrorOptions {
  cause?: unknown;
  /** For `EVENT_DENIED`: the rule that denied (`vpn`, `minConfidence`, `check`, …). */
  rule?: string;
  /** For a denial by `honorRuleAction` (rule `ruleAction`): the ruleset's block action. */
  ruleAction?: EventRuleActionBlock;
}

/**
 * Thrown (or handed to `onDenied`) for every rejected credential and every misconfiguration.
 * Branch on `err.code`, not on `instanceof`: two copies of the package make two classes.
 *
 * It is safe to log and to `JSON.stringify`: messages name positions and limits, never key
 * material, API keys or the sealed input.
 *
 * @example
 * try { await unsealer.unseal(sealed) }
 * catch (err) { if (isFingerprintGuardError(err)) res.status(err.status).json({ code: err.code }) }
 */
export class FingerprintGuardError extends Error {
  // A minifier renames the class (Next's server bundles do), and loggers print `constructor.name`.
  static {
    Object.defineProperty(FingerprintGuardError, 'name', { value: 'FingerprintGuardError' });
  }

  override readonly name = 'FingerprintGuardError';
  readonly code: FingerprintGuardErrorCode;
  readonly status: number;
  /** For `EVENT_DENIED`: the rule that denied (`vpn`, `minConfidence`, `check`, …). */
  readonly rule?: string;
  /**
   * For a denial by `honorRuleAction` (rule `ruleAction`): the Fingerprint ruleset's block
   * action, whose `status_code`, `headers` and `body` adapters answer with (checked first: see
   * `honorRuleAction`). Your `onDenied` or error handler gets it here. Never in `toJSON()`.
   */
  readonly ruleAction?: EventRuleActionBlock;

  constructor(code: FingerprintGuardErrorCode, message: string, options: FingerprintGuardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    if (options.rule !== undefined) this.rule = options.rule;
    if (options.ruleAction !== undefined) this.ruleAction = options.ruleAction;
  }

  /** What a client may see: the code, the status and the message. */
  toJSON(): { name: string; code: FingerprintGuardErrorCode; status: number; message: string } {
    return { name: this.name, code: this.code, status: this.status, message: this.message };
  }
}

/** True for a `FingerprintGuardError` from any copy of the package. */
export function isFingerprintGuardError(value: unknown): value is FingerprintGuardError {
  if (!(value instanceof Error) || value.name !== 'FingerprintGuardError') return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}

/**
 * `CONFIG_INVALID`, the one error of a misconfiguration, its message prefixed with the package
 * that found it: `fingerprint-guard: …` for core, `fingerprint-guard/redis: …` with `from: 'redis'`.
 *
 * @example
 * throw configError('prefix must be a string.', 'redis');
 */
export function configError(message: string, from?: string, cause?: unknown): FingerprintGuardError {
  return new FingerprintGuardError('CONFIG_INVALID', `fingerprint-guard${from ? `/${from}` : ''}: ${message}`, {
    cause,
  });
}
