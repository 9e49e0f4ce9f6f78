/** fingerprintGuard: the guard as a Fastify preHandler hook (Fastify 4 and 5). */
import type { FingerprintGuardError, FingerprintGuardOptions, GuardSource } from '@fingerprint-guard/core';
import {
  decideOrRefuse,
  denialResponse,
  isBoolean,
  isFunction,
  resolveGuard,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import './augment.js';

/**
 * How a denied request is answered: the adapter's own options, beside the guard's.
 *
 * @example
 * fingerprintGuard(guard, { onDenied: (error, _request, reply) => reply.code(error.status).send({ denied: error.code }) });
 */
export interface FastifyAdapterOptions {
  /**
   * Replaces the default answer (`reply.code(error.status).send({ error: { code, message, rule? } })`,
   * or a Fingerprint ruleset's block response: `error.ruleAction`, with `honorRuleAction`).
   * Answer through `reply` and return it (`return reply.code(403).send(...)`), or return a value,
   * which is sent with the error's status. If it returns neither, the default answer is sent: a
   * denied request never reaches your handler. If it throws, Fastify's error handler gets the error.
   */
  onDenied?: (error: FingerprintGuardError, request: FastifyRequest, reply: FastifyReply) => unknown;
  /**
   * Throws the `FingerprintGuardError` instead of answering, for your `setErrorHandler` (it carries
   * `statusCode`, which Fastify's default error handler answers with). Default false.
   */
  throwErrors?: boolean;
}

/**
 * The guard's options plus the Fastify adapter's own; callbacks receive the `FastifyRequest`.
 *
 * @example
 * const options: FastifyFingerprintGuardOptions = { fingerprint: { keys }, bind: { ip: true }, throwErrors: true };
 */
export type FastifyFingerprintGuardOptions = FingerprintGuardOptions<FastifyRequest> & FastifyAdapterOptions;

/**
 * The hook `fingerprintGuard()` returns: a Fastify `preHandler` that fits any route, on an HTTP/1
 * or HTTP/2 server, with any type provider or logger.
 *
 * @example
 * const guard: FingerprintPreHandler = fingerprintGuard({ fingerprint: { keys } });
 * app.post('/login', { preHandler: [guard, rateLimit] }, login);
 */
// biome-ignore lint/suspicious/noExplicitAny: Fastify types hooks by server, provider and logger; this one serves them all.
export type FingerprintPreHandler = preHandlerAsyncHookHandler<any, any, any, any, any, any, any, any>;

const DENIAL_OPTIONS = {
  onDenied: isFunction,
  throwErrors: isBoolean,
} as const satisfies OptionSchema<FastifyAdapterOptions>;

/**
 * A Fastify `preHandler` hook that verifies the request's credential, rejects replayed, stale,
 * tampered and denied ones, and sets `request.fingerprint`. It reads, for each configured
 * provider, a header or a field of the body Fastify parsed (JSON, or forms with
 * `@fastify/formbody`): `fingerprint-sealed-result` / `sealed_result`, `cside-token` /
 * `cside_token`, `fingerprint-event-id` / `event_id`. `bind.ip` compares with `request.ip`,
 * which follows your `trustProxy` setting. Pass options, a guard built with
 * `createFingerprintGuard<FastifyRequest>()` to share one configuration between routes, or a
 * function returning either, called at the first request (a module that loads without its secrets).
 *
 * `request.fingerprint` is typed optional, as it is on any route: for a handler that reads it as
 * set, with no cast, use `withFingerprint(guard, handler)`.
 *
 * @example
 * app.post('/login', { preHandler: fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } }) },
 *   async (request) => ({ visitorId: request.fingerprint?.visitorId }));
 */
export function fingerprintGuard(
  options: GuardSource<FastifyRequest, FastifyAdapterOptions>,
  denial?: FastifyAdapterOptions,
): FingerprintPreHandler {
  const current = resolveGuard<FastifyRequest, FastifyAdapterOptions>(options, DENIAL_OPTIONS, denial, {
    providesIp: true,
  });

  const hook: preHandlerAsyncHookHandler = async function fingerprintGuardHook(request, reply) {
    const { guard, adapter } = current();
    const { onDenied, throwErrors = false } = adapter;
    // The route as registered (`/orders/:id`), for onDecision and telemetry; Fastify 4.10+ and 5 name it.
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    const decision = await decideOrRefuse(guard, request, {
      headers: request.headers,
      body: request.body,
      ip: request.ip,
      // The socket's address, whatever `trustProxy` says: ipFrom presets decide which headers to trust from it.
      peer: request.raw.socket?.remoteAddress,
      route,
      method: request.method,
      // For fingerprint.edge: the protocol follows `trustProxy`; the Host header as received.
      url: `${request.protocol}://${request.headers.host ?? 'localhost'}${request.url}`,
    });
    if (decision.fingerprint) request.fingerprint = decision.fingerprint;
    if (decision.allowed) return;
    const error = decision.error!;
    if (onDenied) {
      const answer = await onDenied(error, request, reply);
      // Returning the reply makes Fastify wait until it is sent, so the handler never runs.
      if (answer === reply || reply.sent) return reply;
      return answer === undefined ? sendDenial(reply, error) : reply.code(error.status).send(answer);
    }
    if (throwErrors) throw Object.assign(error, { statusCode: error.status });
    return sendDenial(reply, error);
  };
  return hook;
}

/** The default answer: the JSON denial, or a Fingerprint ruleset's block response (honorRuleAction). */
function sendDenial(reply: FastifyReply, error: FingerprintGuardError): FastifyReply {
  const { status, headers, body } = denialResponse(error);
  reply.code(status);
  for (const [name, value] of headers) reply.header(name, value);
  return reply.send(body);
}
