/** fingerprintWebhook: a Next.js route handler for Fingerprint webhooks, on core's webhook receiver. */
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

export type FingerprintWebhookOptions = WebhookReceiverOptions;

/**
 * A route handler that verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries
 * older than `maxAge`, and calls `handler(event, request)` for a first delivery. When the
 * handler throws or answers 5xx, the claim is given back, so Fingerprint's retry is processed;
 * any other answer records the event as processed, and a redelivery is answered 200
 * `{ received: true, duplicate: true }` without calling `handler`. While it runs, a redelivery
 * is answered 409 `WEBHOOK_IN_PROGRESS`. Options may be a function, called at the first
 * delivery, so that `next build` needs no secret; a mistake in them is answered 500
 * `CONFIG_INVALID` as JSON.
 *
 * @example
 * // app/api/webhooks/fingerprint/route.ts
 * export const POST = fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }, async (event) => {
 *   await saveEvent(event);
 *   return new Response(null, { status: 204 });
 * });
 */
export function fingerprintWebhook(
  options: WebhookSource<FingerprintWebhookOptions>,
  handler: (event: FingerprintWebhookEvent, request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  if (typeof handler !== 'function') throw configError('fingerprintWebhook needs a handler(event, request).', 'next');
  const current = resolveWebhookReceiver(options);
  return async (request) => {
    const step = await receiveDelivery(async () => {
      const receiver = current();
      const body = request.body ? await readRawBody(request.body, receiver.maxBodyBytes) : new Uint8Array();
      return receiver.receive({ body, signature: request.headers.get(WEBHOOK_SIGNATURE_HEADER) });
    });
    if (step.answer) return Response.json(step.answer.body, { status: step.answer.status });
    const { accepted } = step;
    return settleAfter(
      accepted,
      () => handler(accepted.event, request),
      (response) => response.status,
    );
  };
}
