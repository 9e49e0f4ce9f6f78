/** Fingerprint webhooks in Nest: an interceptor around the handler, on core's webhook receiver. */
import {
  isFingerprintGuardError,
  type AcceptedDelivery,
  type DuplicateDelivery,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import {
  configError,
  duplicateDeliveryBody,
  readRawBody,
  resolveWebhookReceiver,
  settleDelivery,
  type WebhookSource,
} from '@fingerprint-guard/core/adapter';
import {
  Inject,
  Injectable,
  Optional,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, from, mergeMap, of, tap, throwError, type Observable } from 'rxjs';
import type { ResolvedConfig } from './config.js';
import { FingerprintGuardException } from './exception.js';
import { httpRequest, singleHeader, type PlatformRequest } from './request.js';
import { FINGERPRINT_GUARD_CONFIG } from './types.js';

/**
 * The webhook receiver's options (core's `WebhookReceiverOptions`): `secret`, `maxAge` (default
 * `'15m'`), `clockSkew`, `replay`, `maxBodyBytes` (default 1 MiB), `logger`.
 *
 * @example
 * const options: FingerprintWebhookOptions = { secret: process.env.FP_WEBHOOK_SECRET!, maxAge: '10m' };
 */
export type FingerprintWebhookOptions = WebhookReceiverOptions;

/** The status the handler's answer will have: Express `res.statusCode`, Fastify `reply.statusCode`. */
interface PlatformResponse {
  statusCode: number;
  status(code: number): unknown;
}

/**
 * Verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries older than `maxAge`,
 * and hands a first delivery to the handler as `@FingerprintWebhookEvent()`. When the handler
 * throws (or its answer is 5xx), the claim is given back, so Fingerprint's retry is processed;
 * otherwise the event is recorded as processed, and a redelivery is answered 200
 * `{ received: true, duplicate: true }` without running the handler. While it runs, a
 * redelivery is answered 409 `WEBHOOK_IN_PROGRESS`. Denials are `FingerprintGuardException`s
 * (401, 400, 409, 413, 503 as JSON).
 *
 * It reads the module's `webhook` options; create the app with `{ rawBody: true }` so that the
 * exact bytes the signature covers are kept.
 *
 * @example
 * @Post('webhooks/fingerprint')
 * @HttpCode(204)
 * @UseInterceptors(FingerprintWebhookInterceptor)
 * async receive(@FingerprintWebhookEvent() event: FingerprintWebhookEvent) {
 *   await this.events.save(event);
 * }
 */
@Injectable()
export class FingerprintWebhookInterceptor implements NestInterceptor {
  private readonly current: () => WebhookReceiver;

  constructor(config?: Pick<ResolvedConfig, 'receiver'> | { receiver: () => WebhookReceiver }) {
    if (!config?.receiver) {
      throw configError(
        'FingerprintWebhookInterceptor needs the module’s webhook option (FingerprintGuardModule.forRoot({ webhook: { secret } })), or use fingerprintWebhook(options).',
        'nestjs',
      );
    }
    const { receiver } = config;
    this.current = typeof receiver === 'function' ? receiver : () => receiver;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = httpRequest(context, 'The webhook interceptor');
    const response = context.switchToHttp().getResponse<PlatformResponse>();
    let receipt: AcceptedDelivery | DuplicateDelivery;
    try {
      const receiver = this.current();
      const body = await rawBody(request, receiver.maxBodyBytes);
      receipt = await receiver.receive({ body, signature: singleHeader(request, WEBHOOK_SIGNATURE_HEADER) });
    } catch (error) {
      if (isFingerprintGuardError(error)) throw new FingerprintGuardException(error);
      throw error;
    }
    if (receipt.duplicate) {
      response.status(200);
      return of(duplicateDeliveryBody());
    }
    request.fingerprintWebhookEvent = receipt.event;
    // The handler's outcome settles the delivery: a throw or a 5xx gives the claim back.
    return next.handle().pipe(
      tap({ complete: () => void settleDelivery(receipt, response.statusCode) }),
      catchError((error: unknown) => from(receipt.release()).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}

// The constructor's token, by hand as in guard.ts: no decorator metadata, and either decorator mode.
Inject(FINGERPRINT_GUARD_CONFIG)(FingerprintWebhookInterceptor, undefined, 0);
Optional()(FingerprintWebhookInterceptor, undefined, 0);

/**
 * The webhook interceptor with its own options, for `@UseInterceptors(...)` without the
 * module's `webhook` option. Options are checked here, once; a function of them is called at
 * the first delivery instead (a module that loads without its secret).
 *
 * @example
 * @Post('webhooks/fingerprint')
 * @HttpCode(204)
 * @UseInterceptors(fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }))
 * receive(@FingerprintWebhookEvent() event: FingerprintWebhookEvent) {}
 */
export function fingerprintWebhook(options: WebhookSource<FingerprintWebhookOptions>): FingerprintWebhookInterceptor {
  return new FingerprintWebhookInterceptor({ receiver: resolveWebhookReceiver(options) });
}

/** The exact request bytes: Nest's `rawBody`, or the stream when no parser read it; `undefined` past the cap. */
async function rawBody(request: PlatformRequest, maxBytes: number): Promise<Uint8Array | undefined> {
  if (request.rawBody instanceof Uint8Array) return request.rawBody.byteLength > maxBytes ? undefined : request.rawBody;
  // Express hands the Node request itself; Fastify wraps it as `raw`.
  const stream = (request.raw ?? request) as PlatformRequest & AsyncIterable<Uint8Array>;
  if (typeof stream[Symbol.asyncIterator] === 'function' && stream.readableEnded === false)
    return readRawBody(stream, maxBytes);
  throw configError(
    'the webhook interceptor needs the raw body: create the app with NestFactory.create(AppModule, { rawBody: true }).',
    'nestjs',
  );
}
