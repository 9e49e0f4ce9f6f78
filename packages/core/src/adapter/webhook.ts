/** What every adapter's `fingerprintWebhook` shares: the receiver from options or a function, and how a delivery is settled. */
import { isFingerprintGuardError } from '../errors.js';
import {
  createWebhookReceiver,
  type AcceptedDelivery,
  type DuplicateDelivery,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from '../webhook/receiver.js';
import { denialBody } from './denial.js';

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

/** What a delivery comes to before the handler runs: an answer to send now, or a delivery to hand on. */
export type DeliveryStep =
  | { answer: { status: number; body: object }; accepted?: undefined }
  | { answer?: undefined; accepted: AcceptedDelivery };

/**
 * Runs `receive` (read the raw body, then `receiver.receive(...)`) and says what the adapter does
 * next: answer a refused delivery with the error's status and `denialBody`, answer a redelivery of
 * a processed event 200 `duplicateDeliveryBody()`, or hand the accepted delivery to the handler.
 * Anything but a `FingerprintGuardError` is rethrown.
 *
 * @example
 * const step = await receiveDelivery(async () => receiver.receive({ body, signature }));
 * if (step.answer) return Response.json(step.answer.body, { status: step.answer.status });
 */
export async function receiveDelivery(
  receive: () => Promise<AcceptedDelivery | DuplicateDelivery>,
): Promise<DeliveryStep> {
  try {
    const receipt = await receive();
    return receipt.duplicate ? { answer: { status: 200, body: duplicateDeliveryBody() } } : { accepted: receipt };
  } catch (error) {
    if (!isFingerprintGuardError(error)) throw error;
    return { answer: { status: error.status, body: denialBody(error) } };
  }
}

/**
 * Runs the handler of an accepted delivery and settles the delivery by its outcome: a throw gives
 * the claim back (and is rethrown), and so does an answer whose status (`statusOf`) is 5xx; any
 * other answer records the event as processed.
 *
 * @example
 * const response = await settleAfter(step.accepted, () => handler(step.accepted.event), (answer) => answer.status);
 */
export async function settleAfter<T>(
  receipt: AcceptedDelivery,
  run: () => T | Promise<T>,
  statusOf: (result: T) => number,
): Promise<T> {
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await receipt.release();
    throw error;
  }
  await settleDelivery(receipt, statusOf(result));
  return result;
}

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
