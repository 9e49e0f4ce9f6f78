/** fingerprintWebhook: verifies, parses and deduplicates Fingerprint webhooks in Express. */
import {
  FingerprintGuardError,
  MemoryReplayStore,
  parseFingerprintEvent,
  toMilliseconds,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  withTimeout,
  type Duration,
  type FingerprintEvent,
  type ReplayStore,
} from '@fingerprint-guard/core';
import type { Request, RequestHandler } from 'express';
import './augment.js';

export interface FingerprintWebhookOptions {
  /** The webhook's signing secret (Dashboard > Webhooks). */
  secret: string;
  /** Deduplication by `event_id`. Default: a `MemoryReplayStore`; `false` turns it off. */
  replay?: false | { store?: ReplayStore; timeout?: Duration };
  /** How long an `event_id` is remembered. Default `'24h'`. */
  dedupeFor?: Duration;
  /** Largest body read. Default 1,048,576 bytes. */
  maxBodyBytes?: number;
}

/** A request that passed `fingerprintWebhook()`. */
export type FingerprintWebhookRequest = Request & { fingerprintWebhookEvent: FingerprintEvent };

/**
 * Verifies the `FPJS-Event-Signature` of the raw body (HMAC-SHA256, constant-time), parses the
 * v4 event, drops a delivery whose `event_id` was seen before (answering 200 so it is not sent
 * again) and hands the event on as `req.fingerprintWebhookEvent`. The signature covers no time,
 * so the dedupe is also what stops a captured webhook from being replayed.
 *
 * Mount it before any body parser, or after `express.raw()`: it needs the exact bytes.
 * The event is claimed before your handler runs: if your processing fails, keep the event for
 * your own retry, since the provider's redelivery will be answered as a duplicate.
 *
 * @example
 * app.post('/webhooks/fingerprint', fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }), (req, res) => {
 *   const event = (req as FingerprintWebhookRequest).fingerprintWebhookEvent;
 *   res.sendStatus(204);
 * });
 */
export function fingerprintWebhook(options: FingerprintWebhookOptions): RequestHandler {
  if (typeof options?.secret !== 'string' || options.secret === '') {
    throw new FingerprintGuardError('CONFIG_INVALID', 'fingerprint-guard: fingerprintWebhook needs the webhook `secret`.');
  }
  const { secret } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const dedupeForMs = toMilliseconds(options.dedupeFor ?? '24h', 'dedupeFor');
  const replay = options.replay === false ? undefined : (options.replay ?? {});
  const store = replay && (replay.store ?? new MemoryReplayStore());
  const storeTimeoutMs = toMilliseconds(replay?.timeout ?? '1s', 'replay.timeout');

  return (req, res, next) => {
    const deny = (error: FingerprintGuardError) => res.status(error.status).json({ error: { code: error.code, message: error.message } });
    rawBody(req, maxBodyBytes)
      .then(async (body) => {
        if (body === undefined) {
          return next(new FingerprintGuardError('CONFIG_INVALID', 'fingerprint-guard: fingerprintWebhook needs the raw body: mount it before express.json(), or after express.raw().'));
        }
        if (body === 'too-large') {
          return res.status(413).json({ error: { code: 'WEBHOOK_BODY_TOO_LARGE', message: `The webhook body is over ${maxBodyBytes} bytes.` } });
        }
        if (!verifyWebhookSignature({ header: req.get(WEBHOOK_SIGNATURE_HEADER), body, secret })) {
          return deny(new FingerprintGuardError('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature does not match its body.'));
        }
        const event = parseFingerprintEvent(body.toString('utf8'), 'The webhook body');
        if (store) {
          const claim = store.claim(`webhook:${event.event_id}`, Date.now() + dedupeForMs);
          const firstDelivery = await withTimeout(Promise.resolve(claim), storeTimeoutMs, () => new Error('store time-out')).catch(() => {
            throw new FingerprintGuardError('REPLAY_STORE_UNAVAILABLE', 'The replay store failed; the webhook can be delivered again.');
          });
          if (!firstDelivery) return res.status(200).json({ received: true, duplicate: true });
        }
        req.fingerprintWebhookEvent = event;
        next();
      })
      .catch((error: unknown) => (error instanceof FingerprintGuardError ? deny(error) : next(error)));
  };
}

/** The exact request bytes: from `express.raw()`, or read here; `undefined` when a parser took them. */
async function rawBody(req: Request, maxBytes: number): Promise<Buffer | 'too-large' | undefined> {
  if (Buffer.isBuffer(req.body)) return req.body.length > maxBytes ? 'too-large' : req.body;
  // A parser that ran (express.json(), express.text()) consumed the stream: the exact bytes are gone.
  if (req.readableEnded) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
