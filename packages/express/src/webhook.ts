/** fingerprintWebhook: Fingerprint webhooks in Express, on core's webhook receiver. */
import {
  FingerprintGuardError,
  isFingerprintGuardError,
  WEBHOOK_SIGNATURE_HEADER,
  type FingerprintEvent,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import {
  denialBody,
  duplicateDeliveryBody,
  onResponseEnd,
  readRawBody,
  resolveWebhookReceiver,
  settleDelivery,
  type WebhookSource,
} from '@fingerprint-guard/core/adapter';
import type { Request, RequestHandler, Response } from 'express';
import './augment.js';

export type FingerprintWebhookOptions = WebhookReceiverOptions;

/** A request that passed `fingerprintWebhook()`. */
export type FingerprintWebhookRequest = Request & { fingerprintWebhookEvent: FingerprintEvent };

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
    const receiver = current();
    const body = await rawBody(req, receiver.maxBodyBytes);
    if (body === 'parsed') {
      const message =
        'fingerprint-guard: fingerprintWebhook needs the raw body: mount it before express.json(), or after express.raw().';
      return next(new FingerprintGuardError('CONFIG_INVALID', message));
    }
    const receipt = await receiver.receive({ body, signature: req.get(WEBHOOK_SIGNATURE_HEADER) });
    if (receipt.duplicate) return void res.status(200).json(duplicateDeliveryBody());
    req.fingerprintWebhookEvent = receipt.event;
    // Settled by the handler's answer (Express's error handler answers a next(error) with 5xx), not by the socket.
    onResponseEnd(res, (status) => settleDelivery(receipt, status));
    next();
  }

  return (req, res, next) =>
    void run(req, res, next).catch((error: unknown) => {
      if (isFingerprintGuardError(error) && !res.headersSent)
        return void res.status(error.status).json(denialBody(error));
      next(error);
    });
}

/** The exact request bytes: from `express.raw()`, or read here; `parsed` when a parser took them, `undefined` past the cap. */
async function rawBody(req: Request, maxBytes: number): Promise<Uint8Array | 'parsed' | undefined> {
  if (Buffer.isBuffer(req.body)) return req.body.length > maxBytes ? undefined : req.body;
  // A parser that ran (express.json(), express.text()) consumed the stream: the exact bytes are gone.
  if (req.readableEnded) return 'parsed';
  return readRawBody(req, maxBytes);
}
