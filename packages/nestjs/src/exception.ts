/** FingerprintGuardException: a denial as a Nest HTTP exception, with the same status and body as every adapter's. */
import type { FingerprintGuardError } from '@fingerprint-guard/core';
import { denialBody, ruleActionResponse, type DenialResponse } from '@fingerprint-guard/core/adapter';
import { HttpException, StreamableFile } from '@nestjs/common';

/**
 * A ruleset's block body as Nest's exception layer sends it: a `StreamableFile` (the one body it
 * sends as it is), with the rule's content type. A filter that serialises `getResponse()` gets
 * the JSON denial instead.
 */
class RuleActionBody extends StreamableFile {
  constructor(
    body: string,
    private readonly contentType: string | undefined,
    private readonly json: ReturnType<typeof denialBody>,
  ) {
    super(Buffer.from(body, 'utf8'));
  }

  override getHeaders() {
    return { ...super.getHeaders(), type: this.contentType as string };
  }

  toJSON() {
    return this.json;
  }
}

/**
 * What `FingerprintGuard` and the webhook interceptor throw for a denial. Nest's exception
 * layer answers it with `error.status` and `{ "error": { "code", "message", "rule"? } }`; your
 * own exception filter can catch it by class and read the guard's error as `exception.error`
 * (also its `cause`). It never carries keys, tokens or the sealed input.
 *
 * With `honorRuleAction`, a Fingerprint ruleset's block is answered with the rule's status,
 * headers and body: `getStatus()` is the rule's, `getResponse()` a `StreamableFile` of its body,
 * and `FingerprintGuard` sets the rule's other headers on the response before it throws (a
 * filter of yours answers in their place, and may remove them). The action is `exception.error.ruleAction`.
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
  /** The guard's error: `code`, `status`, `message`, `rule`, and `ruleAction` for a ruleset's block. */
  readonly error: FingerprintGuardError;
  /** A ruleset's block response's headers other than its content type (which the body carries). */
  readonly ruleHeaders: DenialResponse['headers'];

  constructor(error: FingerprintGuardError) {
    const block = ruleActionResponse(error);
    const type = block?.headers.find(([name]) => name === 'content-type')?.[1];
    super(
      block ? new RuleActionBody(block.body, type, denialBody(error)) : denialBody(error),
      block?.status ?? error.status,
      { cause: error },
    );
    this.error = error;
    this.ruleHeaders = block?.headers.filter(([name]) => name !== 'content-type') ?? [];
    this.message = error.message;
  }
}

/** Sets a block's headers on the platform's response: Express's `res.append`, Fastify's `reply.header` (both repeat `set-cookie`). */
export function setRuleHeaders(response: unknown, headers: DenialResponse['headers']): void {
  const target = response as {
    append?: (name: string, value: string) => unknown;
    header?: (name: string, value: string) => unknown;
  };
  for (const [name, value] of headers) {
    if (typeof target.append === 'function') target.append(name, value);
    else target.header?.(name, value);
  }
}
