/** fingerprintWebhook: a Next.js route handler for Fingerprint webhooks, on core's webhook receiver. */
import {
  createWebhookReceiver,
  isFingerprintGuardError,
  WEBHOOK_SIGNATURE_HEADER,
  type FingerprintWebhookEvent,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import { denialBody, readRawBody } from '@fingerprint-guard/core/adapter';

export type FingerprintWebhookOptions = WebhookReceiverOptions;

/**
 * A route handler that verifies the `FPJS-Event-Signature` of the raw body, refuses deliveries
 * older than `maxAge`, answers a repeated `event_id` with 200 `{ received: true, duplicate: true }`
 * without calling `handler`, and calls `handler(event, request)` for a first delivery. When the
 * handler throws or answers 5xx, the claim is given back, so Fingerprint's retry is processed.
 *
 * @example
 * // app/api/webhooks/fingerprint/route.ts
 * export const POST = fingerprintWebhook({ secret: process.env.FP_WEBHOOK_SECRET! }, async (event) => {
 *   await saveEvent(event);
 *   return new Response(null, { status: 204 });
 * });
 */
export function fingerprintWebhook(
  options: FingerprintWebhookOptions,
  handler: (event: FingerprintWebhookEvent, request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  const receiver = createWebhookReceiver(options);
  return async (request) => {
    let receipt: Awaited<ReturnType<typeof receiver.receive>>;
    try {
      const body = request.body ? await readRawBody(request.body, receiver.maxBodyBytes) : new Uint8Array();
      receipt = await receiver.receive({ body, signature: request.headers.get(WEBHOOK_SIGNATURE_HEADER) });
    } catch (error) {
      if (!isFingerprintGuardError(error)) throw error;
      return Response.json(denialBody(error), { status: error.status });
    }
    if (receipt.duplicate) return Response.json({ received: true, duplicate: true });
    let response: Response;
    try {
      response = await handler(receipt.event, request);
    } catch (error) {
      await receipt.release();
      throw error;
    }
    if (response.status >= 500) await receipt.release();
    return response;
  };
}
