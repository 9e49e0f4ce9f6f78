/** fingerprintWebhook: Fingerprint webhooks in Express, on core's webhook receiver. */
import {
  createWebhookReceiver,
  FingerprintGuardError,
  isFingerprintGuardError,
  WEBHOOK_SIGNATURE_HEADER,
  type FingerprintWebhookEvent,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import { denialBody, readRawBody } from '@fingerprint-guard/core/adapter';
import type { Request, RequestHandler, Response } from 'express';
import './augment.js';

export type FingerprintWebhookOptions = WebhookReceiverOptions;

/** A request that passed `fingerprintWebhook()`. */
export type FingerprintWebhookRequest = Request & { fingerprintWebhookEvent: FingerprintWebhookEvent };

/**
 * Verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries older than `maxAge`,
 * answers a repeated `event_id` with 200 `{ received: true, duplicate: true }` without calling
 * your handler, and hands a first delivery on as `req.fingerprintWebhookEvent`. When your
 * handler answers 5xx (or passes an error to `next`, or the connection drops before an answer),
 * the claim is given back, so Fingerprint's retry is processed.
 *
 * Mount it before any body parser, or after `express.raw()`: it needs the exact bytes.
 *
 * @example
 * app.post('/webhooks/fingerprint', fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }), async (req, res) => {
 *   await saveEvent((req as FingerprintWebhookRequest).fingerprintWebhookEvent);
 *   res.sendStatus(204);
 * });
 */
export function fingerprintWebhook(options: FingerprintWebhookOptions): RequestHandler {
  const receiver = createWebhookReceiver(options);

  async function run(req: Request, res: Response, next: (error?: unknown) => void) {
    const body = await rawBody(req, receiver.maxBodyBytes);
    if (body === 'parsed') {
      const message =
        'fingerprint-guard: fingerprintWebhook needs the raw body: mount it before express.json(), or after express.raw().';
      return next(new FingerprintGuardError('CONFIG_INVALID', message));
    }
    const receipt = await receiver.receive({ body, signature: req.get(WEBHOOK_SIGNATURE_HEADER) });
    if (receipt.duplicate) return void res.status(200).json({ received: true, duplicate: true });
    req.fingerprintWebhookEvent = receipt.event;
    // The handler failed when it answered 5xx or never answered: give the claim back for the retry.
    res.on('close', () => {
      if (!res.writableFinished || res.statusCode >= 500) void receipt.release();
    });
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
