/** fingerprintWebhook: a Next.js route handler for Fingerprint webhooks, on core's webhook receiver. */
import {
  isFingerprintGuardError,
  type AcceptedDelivery,
  type DuplicateDelivery,
  WEBHOOK_SIGNATURE_HEADER,
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
  handler: (event: FingerprintEvent, request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  const current = resolveWebhookReceiver(options);
  return async (request) => {
    let receipt: AcceptedDelivery | DuplicateDelivery;
    try {
      const receiver = current();
      const body = request.body ? await readRawBody(request.body, receiver.maxBodyBytes) : new Uint8Array();
      receipt = await receiver.receive({ body, signature: request.headers.get(WEBHOOK_SIGNATURE_HEADER) });
    } catch (error) {
      if (!isFingerprintGuardError(error)) throw error;
      return Response.json(denialBody(error), { status: error.status });
    }
    if (receipt.duplicate) return Response.json(duplicateDeliveryBody());
    let response: Response;
    try {
      response = await handler(receipt.event, request);
    } catch (error) {
      await receipt.release();
      throw error;
    }
    await settleDelivery(receipt, response.status);
    return response;
  };
}
