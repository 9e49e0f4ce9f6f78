/** fingerprintWebhook: Fingerprint webhooks in Express, on core's webhook receiver. */
import {
  WEBHOOK_SIGNATURE_HEADER,
  type FingerprintWebhookEvent,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import {
  configError,
  onResponseEnd,
  readRawBody,
  receiveDelivery,
  resolveWebhookReceiver,
  settleDelivery,
  type WebhookSource,
} from '@fingerprint-guard/core/adapter';
import type { Request, RequestHandler, Response } from 'express';
import './augment.js';

export type FingerprintWebhookOptions = WebhookReceiverOptions;

/** A request that passed `fingerprintWebhook()`. */
export type FingerprintWebhookRequest = Request & { fingerprintWebhookEvent: FingerprintWebhookEvent };

/**
 * Verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries older than `maxAge`,
 * and hands a first delivery on as `req.fingerprintWebhookEvent`. Your handler's answer settles
 * it: a 5xx (or an error passed to `next`) gives the claim back, so Fingerprint's retry is
 * processed; any other answer records the event as processed, and a redelivery is answered 200
 * `{ received: true, duplicate: true }` without calling your handler. While your handler runs, a
 * redelivery is answered 409 `WEBHOOK_IN_PROGRESS`. A client that hangs up changes nothing.
 *
 * Mount it before any body parser, or after `express.raw()`: it needs the exact bytes. Options
 * may be a function, called at the first delivery (a module that loads without its secret).
 *
 * @example
 * app.post('/webhooks/fingerprint', fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }), async (req, res) => {
 *   await saveEvent((req as FingerprintWebhookRequest).fingerprintWebhookEvent);
 *   res.sendStatus(204);
 * });
 */
export function fingerprintWebhook(options: WebhookSource<FingerprintWebhookOptions>): RequestHandler {
  const current = resolveWebhookReceiver(options);

  async function run(req: Request, res: Response, next: (error?: unknown) => void) {
    const step = await receiveDelivery(async () => {
      const receiver = current();
      const body = await rawBody(req, receiver.maxBodyBytes);
      return receiver.receive({ body, signature: req.get(WEBHOOK_SIGNATURE_HEADER) });
    });
    if (step.answer) return void res.status(step.answer.status).json(step.answer.body);
    const receipt = step.accepted;
    req.fingerprintWebhookEvent = receipt.event;
    // Settled by the handler's answer (Express's error handler answers a next(error) with 5xx), not by the socket.
    onResponseEnd(res, (status) => settleDelivery(receipt, status));
    next();
  }

  return (req, res, next) => void run(req, res, next).catch(next);
}

/** The exact request bytes: from `express.raw()`, or read here; `undefined` past the cap. A parser that ran first took them. */
async function rawBody(req: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (Buffer.isBuffer(req.body)) return req.body.length > maxBytes ? undefined : req.body;
  // A parser that ran (express.json(), express.text()) consumed the stream: the exact bytes are gone.
  if (req.readableEnded)
    throw configError(
      'fingerprintWebhook needs the raw body: mount it before express.json(), or after express.raw().',
      'express',
    );
  return readRawBody(req, maxBytes);
}
