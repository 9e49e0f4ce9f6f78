/** withFingerprint: the guard's hook and a route handler in one, the handler typed with `request.fingerprint` set. */
import type { FingerprintFor, FingerprintGuardEngine, GuardMode } from '@fingerprint-guard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface, RouteHandlerMethod } from 'fastify';
import { fingerprintGuard, type FastifyFingerprintGuardOptions, type FingerprintPreHandler } from './guard.js';

/** Options of mode `M`, a guard of mode `M`, or a function returning either, called at the first request. */
export type FastifyGuardSource<M extends GuardMode> =
  | (FastifyFingerprintGuardOptions & { mode?: M })
  | FingerprintGuardEngine<FastifyRequest, M>
  | (() => (FastifyFingerprintGuardOptions & { mode?: M }) | FingerprintGuardEngine<FastifyRequest, M>);

/**
 * A route handler behind `withFingerprint`: its `request.fingerprint` is a `Fingerprint`, or in
 * monitor mode `Fingerprint | undefined`. `RouteGeneric` types the request's body, query, params and headers.
 */
export type FingerprintRouteHandler<
  M extends GuardMode = 'enforce',
  RouteGeneric extends RouteGenericInterface = RouteGenericInterface,
> = (
  this: FastifyInstance,
  request: FastifyRequest<RouteGeneric> & { fingerprint: FingerprintFor<M> },
  reply: FastifyReply,
) => unknown;

/** What `withFingerprint` returns: route options with the guard's `preHandler` and your `handler`. */
export interface FingerprintRoute {
  preHandler: FingerprintPreHandler;
  // biome-ignore lint/suspicious/noExplicitAny: Fastify types handlers by server, provider and logger; this one serves them all.
  handler: RouteHandlerMethod<any, any, any, any, any, any, any, any>;
}

/**
 * The guard and your handler as one route's options: `app.post(path, withFingerprint(guard, handler))`.
 * The handler runs only for a request the guard lets through, and its `request.fingerprint` is
 * typed as set (no cast, no `?.`); in monitor mode it is `Fingerprint | undefined`, as the request
 * may carry none. Takes what `fingerprintGuard` takes. Spread it to add your own route options:
 * `{ schema, ...withFingerprint(guard, handler) }`.
 *
 * @example
 * const guard = createFingerprintGuard<FastifyRequest>({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } });
 * app.post('/login', withFingerprint(guard, async (request) => ({ visitorId: request.fingerprint.visitorId })));
 */
export function withFingerprint<
  M extends GuardMode = 'enforce',
  RouteGeneric extends RouteGenericInterface = RouteGenericInterface,
>(options: FastifyGuardSource<M>, handler: FingerprintRouteHandler<M, RouteGeneric>): FingerprintRoute {
  return {
    preHandler: fingerprintGuard(options as FastifyGuardSource<GuardMode>),
    handler: handler as unknown as FingerprintRoute['handler'],
  };
}
