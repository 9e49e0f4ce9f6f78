/** fingerprintGuard: the guard as a Fastify preHandler hook (Fastify 4 and 5). */
import type {
  FingerprintGuardError,
  FingerprintGuardOptions,
  GuardRequest,
  GuardSource,
} from '@fingerprint-guard/core';
import {
  decideOrRefuseNow,
  denialResponse,
  isPromiseLike,
  isBoolean,
  isFunction,
  resolveGuard,
  type AdapterDecision,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
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
 * or HTTP/2 server, with any type provider or logger. It calls `done()` when it lets a request
 * through without waiting, and otherwise returns a promise, which Fastify awaits.
 *
 * @example
 * const guard: FingerprintPreHandler = fingerprintGuard({ fingerprint: { keys } });
 * app.post('/login', { preHandler: [guard, rateLimit] }, login);
 */
// biome-ignore lint/suspicious/noExplicitAny: Fastify types hooks by server, provider and logger; this one serves them all.
export type FingerprintPreHandler = preHandlerHookHandler<any, any, any, any, any, any, any, any>;

const DENIAL_OPTIONS = {
  onDenied: isFunction,
  throwErrors: isBoolean,
} as const satisfies OptionSchema<FastifyAdapterOptions>;

/**
 * What the guard reads of a Fastify request: one class, so that every input has one shape, with
 * `url` built only when the guard reads it (fingerprint.edge).
 */
class FastifyGuardInput implements GuardRequest {
  readonly headers: FastifyRequest['headers'];
  readonly body: unknown;
  readonly ip: string;
  /** The socket's address, whatever `trustProxy` says: ipFrom presets decide which headers to trust from it. */
  readonly peer: string | undefined;
  readonly route: string;
  readonly method: string;
  readonly #request: FastifyRequest;

  constructor(request: FastifyRequest) {
    this.#request = request;
    this.headers = request.headers;
    this.body = request.body;
    this.ip = request.ip;
    this.peer = request.raw.socket?.remoteAddress;
    // The route as registered (`/orders/:id`), for onDecision and telemetry; Fastify 4.10+ and 5 name it.
    this.route = request.routeOptions?.url ?? request.url.split('?')[0]!;
    this.method = request.method;
  }

  /** For fingerprint.edge: the protocol follows `trustProxy`; the Host header as received. */
  get url(): string {
    const request = this.#request;
    return `${request.protocol}://${request.headers.host ?? 'localhost'}${request.url}`;
  }
}

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

  /** Answers a denial (or lets the request go on): what an async hook returns to Fastify. */
  async function settle(
    decision: AdapterDecision,
    adapter: Partial<FastifyAdapterOptions>,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    if (decision.fingerprint) request.fingerprint = decision.fingerprint;
    if (decision.allowed) return undefined;
    const { onDenied, throwErrors = false } = adapter;
    const error = decision.error!;
    if (onDenied) {
      const answer = await onDenied(error, request, reply);
      // Returning the reply makes Fastify wait until it is sent, so the handler never runs.
      if (answer === reply || reply.sent) return reply;
      return answer === undefined ? sendDenial(reply, error) : reply.code(error.status).send(answer);
    }
    if (throwErrors) throw Object.assign(error, { statusCode: error.status });
    return sendDenial(reply, error);
  }

  // Not an async function: a request the guard lets through without waiting (a sealed result, the
  // memory store) goes on with done() in the tick it arrived in; anything else is a promise Fastify awaits.
  const hook: FingerprintPreHandler = function fingerprintGuardHook(request, reply, done) {
    const { guard, adapter } = current();
    const decided = decideOrRefuseNow(guard, request, new FastifyGuardInput(request));
    if (!isPromiseLike(decided) && decided.allowed) {
      if (decided.fingerprint) request.fingerprint = decided.fingerprint;
      return done();
    }
    return Promise.resolve(decided).then((decision) => settle(decision, adapter, request, reply));
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
