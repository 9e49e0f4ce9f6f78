/** fingerprintWebhook: Fingerprint webhooks in Koa, on core's webhook receiver. */
import {
  FingerprintGuardError,
  isFingerprintGuardError,
  type AcceptedDelivery,
  type DuplicateDelivery,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import {
  denialBody,
  duplicateDeliveryBody,
  readRawBody,
  resolveWebhookReceiver,
  settleDelivery,
  type WebhookSource,
} from '@fingerprint-guard/core/adapter';
import type { Context, Middleware } from 'koa';
import './augment.js';

export type FingerprintWebhookOptions = WebhookReceiverOptions;

/**
 * Verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries older than `maxAge`,
 * and sets `ctx.state.fingerprintWebhookEvent` for a first delivery. When the next middleware
 * throws or answers 5xx, the claim is given back, so Fingerprint's retry is processed; any
 * other answer records the event as processed, and a redelivery is answered 200
 * `{ received: true, duplicate: true }` without running it. While it runs, a redelivery is
 * answered 409 `WEBHOOK_IN_PROGRESS`.
 *
 * Mount it before any body parser: it needs the exact bytes. Options may be a function, called
 * at the first delivery (a module that loads without its secret).
 *
 * @example
 * router.post('/webhooks/fingerprint', fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }), async (ctx) => {
 *   await saveEvent(ctx.state.fingerprintWebhookEvent!);
 *   ctx.status = 204;
 * });
 */
export function fingerprintWebhook(options: WebhookSource<FingerprintWebhookOptions>): Middleware {
  const current = resolveWebhookReceiver(options);

  return async (ctx, next) => {
    let receipt: AcceptedDelivery | DuplicateDelivery;
    try {
      const receiver = current();
      const body = await rawBody(ctx, receiver.maxBodyBytes);
      receipt = await receiver.receive({ body, signature: ctx.get(WEBHOOK_SIGNATURE_HEADER) });
    } catch (error) {
      if (!isFingerprintGuardError(error)) throw error;
      ctx.status = error.status;
      ctx.body = denialBody(error);
      return;
    }
    if (receipt.duplicate) {
      ctx.status = 200;
      ctx.body = duplicateDeliveryBody();
      return;
    }
    ctx.state.fingerprintWebhookEvent = receipt.event;
    try {
      await next();
    } catch (error) {
      await receipt.release();
      throw error;
    }
    await settleDelivery(receipt, ctx.status);
  };
}

/** The exact request bytes, read here; `undefined` past the cap. A body parser that ran first took them. */
async function rawBody(ctx: Context, maxBytes: number): Promise<Uint8Array | undefined> {
  if (ctx.req.readableEnded) {
    const message = 'fingerprint-guard: fingerprintWebhook needs the raw body: mount it before any body parser.';
    throw new FingerprintGuardError('CONFIG_INVALID', message);
  }
  return readRawBody(ctx.req, maxBytes);
}
