/** FingerprintGuardException: a denial as a Nest HTTP exception, with the same status and JSON body as every adapter's. */
import type { FingerprintGuardError } from '@fingerprint-guard/core';
import { denialBody } from '@fingerprint-guard/core/adapter';
import { HttpException } from '@nestjs/common';

/**
 * What `FingerprintGuard` and the webhook interceptor throw for a denial. Nest's exception
 * layer answers it with `error.status` and `{ "error": { "code", "message", "rule"? } }`; your
 * own exception filter can catch it by class and read the guard's error as `exception.error`
 * (also its `cause`). It never carries keys, tokens or the sealed input.
 *
 * @example
 * @Catch(FingerprintGuardException)
 * export class FingerprintDeniedFilter implements ExceptionFilter {
 *   catch(exception: FingerprintGuardException, host: ArgumentsHost) {
 *     const res = host.switchToHttp().getResponse<Response>();
 *     res.status(exception.getStatus()).json({ denied: exception.error.code, rule: exception.error.rule });
 *   }
 * }
 */
export class FingerprintGuardException extends HttpException {
  /** The guard's error: `code`, `status`, `message`, `rule`. */
  readonly error: FingerprintGuardError;

  constructor(error: FingerprintGuardError) {
    super(denialBody(error), error.status, { cause: error });
    this.error = error;
    this.message = error.message;
  }
}
