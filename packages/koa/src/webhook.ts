/** fingerprintWebhook: Fingerprint webhooks in Koa, on core's webhook receiver. */
import { WEBHOOK_SIGNATURE_HEADER, type WebhookReceiverOptions } from '@fingerprint-guard/core';
import {
  configError,
  readRawBody,
  receiveDelivery,
  resolveWebhookReceiver,
  settleAfter,
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
    const step = await receiveDelivery(async () => {
      const receiver = current();
      const body = await rawBody(ctx, receiver.maxBodyBytes);
      return receiver.receive({ body, signature: ctx.get(WEBHOOK_SIGNATURE_HEADER) });
    });
    if (step.answer) {
      ctx.status = step.answer.status;
      ctx.body = step.answer.body;
      return;
    }
    ctx.state.fingerprintWebhookEvent = step.accepted.event;
    await settleAfter(step.accepted, next, () => ctx.status);
  };
}

/** The exact request bytes, read here; `undefined` past the cap. A body parser that ran first took them. */
async function rawBody(ctx: Context, maxBytes: number): Promise<Uint8Array | undefined> {
  if (ctx.req.readableEnded) {
    throw configError('fingerprintWebhook needs the raw body: mount it before any body parser.', 'koa');
  }
  return readRawBody(ctx.req, maxBytes);
}
