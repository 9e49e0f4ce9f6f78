/** What every adapter's `fingerprintWebhook` shares: the receiver from options or a function, and how a delivery is settled. */
import {
  createWebhookReceiver,
  type AcceptedDelivery,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from '../webhook/receiver.js';

/** Webhook options, or a function returning them that is called at the first delivery (a module that loads without its secret). */
export type WebhookSource<Options extends WebhookReceiverOptions = WebhookReceiverOptions> = Options | (() => Options);

/**
 * Returns a function that gives the receiver. Options are checked now; a function is called,
 * and its options checked, at the first delivery, and again at every delivery until it works.
 */
export function resolveWebhookReceiver(source: WebhookSource): () => WebhookReceiver {
  if (typeof source !== 'function') {
    const receiver = createWebhookReceiver(source);
    return () => receiver;
  }
  let receiver: WebhookReceiver | undefined;
  return () => (receiver ??= createWebhookReceiver(source()));
}

/** The body of the 200 a redelivery of a processed event gets. */
export const duplicateDeliveryBody = (): { received: true; duplicate: true } => ({ received: true, duplicate: true });

/**
 * Settles a delivery by the status the handler answered: a 5xx failed (the claim is given back
 * for Fingerprint's retry), anything else succeeded (a redelivery is a duplicate).
 */
export function settleDelivery(receipt: AcceptedDelivery, status: number): Promise<void> {
  return status >= 500 ? receipt.release() : receipt.complete();
}

/** A Node `ServerResponse` as far as `onResponseEnd` uses it. */
interface EndableResponse {
  statusCode: number;
  end: (...args: never[]) => unknown;
}

/**
 * Calls `settle(status)` once, when the handler ends its answer (`res.end`), whatever became of
 * the connection: a client that hangs up does not make a handler that went on to succeed count
 * as failed. A handler that never answers settles nothing.
 */
export function onResponseEnd(res: EndableResponse, settle: (status: number) => unknown): void {
  const end = res.end;
  let settled = false;
  res.end = function endAndSettle(this: unknown, ...args: never[]) {
    if (!settled) {
      settled = true;
      settle(res.statusCode);
    }
    return end.apply(this, args);
  } as EndableResponse['end'];
}
