/** fingerprintWebhook: a Fastify plugin serving a Fingerprint webhook route, on core's webhook receiver. */
import {
  createWebhookReceiver,
  WEBHOOK_SIGNATURE_HEADER,
  type FingerprintWebhookEvent,
  type WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import {
  checkOptions,
  configError,
  isFunction,
  isString,
  onResponseEnd,
  readRawBody,
  receiveDelivery,
  settleDelivery,
  WEBHOOK_RECEIVER_OPTIONS,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * `fingerprintWebhook`'s options: the receiver's, the route's path, and your handler.
 *
 * @example
 * app.register(fingerprintWebhook, { secret, url: '/webhooks/fingerprint', handler: async (event) => ({ stored: event.event_id }) });
 */
export interface FingerprintWebhookOptions extends WebhookReceiverOptions {
  /** The route's path, under the `prefix` you register the plugin with, e.g. `'/webhooks/fingerprint'`. */
  url: string;
  /**
   * Runs once per event. Answer as in any Fastify handler: return a value, or
   * `return reply.code(204).send()`. When it throws or the answer is 5xx, the claim is given
   * back, so Fingerprint's retry runs it again; any other answer records the event as processed
   * (a redelivery is answered 200 without calling it). While it runs, a redelivery is answered
   * 409 `WEBHOOK_IN_PROGRESS`. A client that hangs up changes nothing.
   */
  handler: (
    this: FastifyInstance,
    event: FingerprintWebhookEvent,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => unknown;
}

const WEBHOOK_PLUGIN_OPTIONS = {
  ...WEBHOOK_RECEIVER_OPTIONS,
  url: isString,
  handler: isFunction,
} as const satisfies OptionSchema<FingerprintWebhookOptions>;

/** What the parser leaves in `request.body` for a body past maxBodyBytes. */
const TOO_LARGE = Symbol('body over maxBodyBytes');

const plugin: FastifyPluginAsync<FingerprintWebhookOptions> = async (instance, options) => {
  // Fastify registers options with its own keys (prefix, …): the rest are this plugin's.
  const {
    prefix: _prefix,
    logLevel: _logLevel,
    logSerializers: _logSerializers,
    ...own
  } = options as FingerprintWebhookOptions & Record<string, unknown>;
  checkOptions(own, WEBHOOK_PLUGIN_OPTIONS, 'fingerprintWebhook', 'fastify');
  const { url, handler, ...receiverOptions } = own;
  if (url === undefined || handler === undefined)
    throw configError('fingerprintWebhook needs a `url` and a `handler(event, request, reply)`.', 'fastify');
  const receiver = createWebhookReceiver(receiverOptions);

  // This plugin is encapsulated: its parser reads the exact bytes of every content type for its
  // own route only, capped at maxBodyBytes (TOO_LARGE past it, answered 413 below).
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', async (request: FastifyRequest, payload: AsyncIterable<Uint8Array>) => {
    const declared = Number(request.headers['content-length']);
    if (declared > receiver.maxBodyBytes) return TOO_LARGE;
    return (await readRawBody(payload, receiver.maxBodyBytes)) ?? TOO_LARGE;
  });

  instance.post(url, async function fingerprintWebhookRoute(request, reply) {
    const signature = request.headers[WEBHOOK_SIGNATURE_HEADER];
    const step = await receiveDelivery(() =>
      receiver.receive({
        body: bodyBytes(request.body),
        signature: typeof signature === 'string' ? signature : undefined,
      }),
    );
    if (step.answer) return reply.code(step.answer.status).send(step.answer.body);
    const receipt = step.accepted;
    // Settled by the answer (Fastify answers a thrown error with its status), not by the socket.
    onResponseEnd(reply.raw, (status) => settleDelivery(receipt, status));
    return handler.call(this, receipt.event, request, reply);
  });
};

/** The body as the parser above left it: bytes, an empty body (no content), or `undefined` past the cap. */
function bodyBytes(body: unknown): Uint8Array | undefined {
  if (body === TOO_LARGE) return undefined;
  return body instanceof Uint8Array ? body : new Uint8Array();
}

/**
 * A Fastify plugin that serves one `POST` route for Fingerprint webhooks: it reads the raw body
 * of that route only (its own content-type parser, in its own encapsulated context), verifies the
 * `FPJS-Event-Signature`, refuses deliveries older than `maxAge`, and calls
 * `handler(event, request, reply)` for a first delivery; a redelivery of a processed event is
 * answered 200 `{ received: true, duplicate: true }` without calling it. Register it with a `prefix` like any
 * plugin; the rest of your app keeps its JSON parser.
 *
 * @example
 * app.register(fingerprintWebhook, {
 *   secret: process.env.FP_WEBHOOK_SECRET!,
 *   url: '/webhooks/fingerprint',
 *   handler: async (event, _request, reply) => {
 *     await saveEvent(event);
 *     return reply.code(204).send();
 *   },
 * });
 */
export const fingerprintWebhook = fp(plugin, {
  name: '@fingerprint-guard/fastify/webhook',
  fastify: '4.x || 5.x',
  encapsulate: true,
});
