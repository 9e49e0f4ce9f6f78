/** withFingerprint: the guard and a route handler in one, the handler typed with `req.fingerprint` set. */
import type { FingerprintFor, FingerprintGuardEngine, GuardMode } from '@fingerprint-guard/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { guardRunner, type ExpressFingerprintGuardOptions } from './guard.js';

/** Options of mode `M`, a guard of mode `M`, or a function returning either, called at the first request. */
export type ExpressGuardSource<M extends GuardMode> =
  | (ExpressFingerprintGuardOptions & { mode?: M })
  | FingerprintGuardEngine<Request, M>
  | (() => (ExpressFingerprintGuardOptions & { mode?: M }) | FingerprintGuardEngine<Request, M>);

/**
 * A route handler behind `withFingerprint`: its `req.fingerprint` is a `Fingerprint`, or in
 * monitor mode `Fingerprint | undefined`. The other type parameters are Express's own (route
 * parameters, response body, request body, query, `res.locals`).
 */
export type FingerprintHandler<
  M extends GuardMode = 'enforce',
  P = Request['params'],
  // biome-ignore lint/suspicious/noExplicitAny: Express's own defaults for the response and request bodies.
  ResBody = any,
  // biome-ignore lint/suspicious/noExplicitAny: Express's own defaults for the response and request bodies.
  ReqBody = any,
  ReqQuery = Request['query'],
  // biome-ignore lint/suspicious/noExplicitAny: Express's own default for res.locals.
  Locals extends Record<string, any> = Record<string, any>,
> = (
  req: Request<P, ResBody, ReqBody, ReqQuery, Locals> & { fingerprint: FingerprintFor<M> },
  res: Response<ResBody, Locals>,
  next: NextFunction,
) => unknown;

/**
 * The guard, then your handler, as one Express handler: the handler runs only for a request the
 * guard lets through, and its `req.fingerprint` is typed as set (no cast, no `?.`); in monitor
 * mode it is `Fingerprint | undefined`, as the request may carry none. Takes what
 * `fingerprintGuard` takes: options (with `onDenied` and `forwardErrors`), a guard built with
 * `createFingerprintGuard`, or a function returning either. A rejected promise from the handler
 * goes to `next(error)`, on Express 4 as on 5.
 *
 * @example
 * const guard = createFingerprintGuard<Request>({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } });
 * app.post('/login', express.json(), withFingerprint(guard, (req, res) => {
 *   res.json({ visitorId: req.fingerprint.visitorId });
 * }));
 */
export function withFingerprint<
  M extends GuardMode = 'enforce',
  P = Request['params'],
  // biome-ignore lint/suspicious/noExplicitAny: Express's own defaults for the response and request bodies.
  ResBody = any,
  // biome-ignore lint/suspicious/noExplicitAny: Express's own defaults for the response and request bodies.
  ReqBody = any,
  ReqQuery = Request['query'],
  // biome-ignore lint/suspicious/noExplicitAny: Express's own default for res.locals.
  Locals extends Record<string, any> = Record<string, any>,
>(
  options: ExpressGuardSource<M>,
  handler: FingerprintHandler<M, P, ResBody, ReqBody, ReqQuery, Locals>,
): RequestHandler<P, ResBody, ReqBody, ReqQuery, Locals> {
  const run = guardRunner(options as ExpressGuardSource<GuardMode>);
  return (req, res, next) =>
    run(req as unknown as Request, res as unknown as Response, next, () =>
      handler(req as Parameters<typeof handler>[0], res, next),
    );
}
