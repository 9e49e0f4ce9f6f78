/** fingerprintWebhook: Fingerprint webhooks as Hono middleware, on core's webhook receiver. */
import {
  WEBHOOK_SIGNATURE_HEADER,
  type FingerprintWebhookEvent,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import {
  configError,
  readRawBody,
  receiveDelivery,
  resolveWebhookReceiver,
  settleAfter,
  type WebhookSource,
} from '@fingerprint-guard/core/adapter';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { cacheBody } from './body.js';
import './augment.js';

/**
 * `fingerprintWebhook`'s options: core's webhook receiver options (`secret`, `maxAge`, `replay`, `maxBodyBytes`, …).
 *
 * @example
 * const options: FingerprintWebhookOptions = { secret: env.FP_WEBHOOK_SECRET, maxAge: '15m' };
 */
export type FingerprintWebhookOptions = WebhookReceiverOptions;

/**
 * The Hono `Env` of a route behind `fingerprintWebhook()`: `c.get('fingerprintWebhookEvent')`.
 *
 * @example
 * const hooks = new Hono<FingerprintWebhookEnv>().use(fingerprintWebhook({ secret }));
 */
export interface FingerprintWebhookEnv {
  Variables: { fingerprintWebhookEvent: FingerprintWebhookEvent };
}

/**
 * Verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries older than `maxAge`,
 * and sets `c.get('fingerprintWebhookEvent')` for a first delivery (the body stays readable
 * with `c.req.json()`). When your handler throws or answers 5xx, the claim is given back, so
 * Fingerprint's retry is processed; any other answer records the event as processed, and a
 * redelivery is answered 200 `{ received: true, duplicate: true }` without running your
 * handler. While it runs, a redelivery is answered 409 `WEBHOOK_IN_PROGRESS`.
 *
 * Mount it before anything that reads the body: it needs the exact bytes. Options may be a
 * function, called at the first delivery (on Workers, read `env` there).
 *
 * @example
 * app.post('/webhooks/fingerprint', fingerprintWebhook({ secret: env.FP_WEBHOOK_SECRET }), async (c) => {
 *   await saveEvent(c.get('fingerprintWebhookEvent'));
 *   return c.body(null, 204);
 * });
 */
export function fingerprintWebhook(
  options: WebhookSource<FingerprintWebhookOptions>,
): MiddlewareHandler<FingerprintWebhookEnv> {
  const current = resolveWebhookReceiver(options);

  return async (c, next) => {
    const step = await receiveDelivery(async () => {
      const receiver = current();
      const raw = c.req.raw;
      if (raw.bodyUsed)
        throw configError(
          'fingerprintWebhook needs the raw body: mount it before anything that reads the body.',
          'hono',
        );
      const body = raw.body ? await readRawBody(raw.body, receiver.maxBodyBytes) : new Uint8Array();
      if (body) cacheBody(c.req, body);
      return receiver.receive({ body, signature: c.req.header(WEBHOOK_SIGNATURE_HEADER) });
    });
    if (step.answer) return c.json(step.answer.body, step.answer.status as ContentfulStatusCode);
    c.set('fingerprintWebhookEvent', step.accepted.event);
    // Hono's compose hands a thrown handler error to app.onError and records it in c.error.
    await settleAfter(step.accepted, next, () => (c.error ? 500 : c.res.status));
  };
}
