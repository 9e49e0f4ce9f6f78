/** fingerprintWebhook: Fingerprint webhooks as Hono middleware, on core's webhook receiver. */
import {
  FingerprintGuardError,
  isFingerprintGuardError,
  WEBHOOK_SIGNATURE_HEADER,
  type AcceptedDelivery,
  type DuplicateDelivery,
  type FingerprintEvent,
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
  Variables: { fingerprintWebhookEvent: FingerprintEvent };
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
    let receipt: AcceptedDelivery | DuplicateDelivery;
    try {
      const receiver = current();
      const raw = c.req.raw;
      if (raw.bodyUsed) {
        throw new FingerprintGuardError(
          'CONFIG_INVALID',
          'fingerprint-guard: fingerprintWebhook needs the raw body: mount it before anything that reads the body.',
        );
      }
      const body = raw.body ? await readRawBody(raw.body, receiver.maxBodyBytes) : new Uint8Array();
      if (body) cacheBody(c.req, body);
      receipt = await receiver.receive({ body, signature: c.req.header(WEBHOOK_SIGNATURE_HEADER) });
    } catch (error) {
      if (!isFingerprintGuardError(error)) throw error;
      return c.json(denialBody(error), error.status as ContentfulStatusCode);
    }
    if (receipt.duplicate) return c.json(duplicateDeliveryBody(), 200);
    c.set('fingerprintWebhookEvent', receipt.event);
    try {
      await next();
    } catch (error) {
      await receipt.release();
      throw error;
    }
    // Hono's compose hands a thrown handler error to app.onError and records it in c.error.
    await settleDelivery(receipt, c.error ? 500 : c.res.status);
  };
}
