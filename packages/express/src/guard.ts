/** fingerprintGuard: the guard as Express middleware (Express 4 and 5). */
import type {
  Fingerprint,
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
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import './augment.js';

/** A request that passed `fingerprintGuard()`: `req.fingerprint` is always set. */
export type FingerprintRequest = Request & { fingerprint: Fingerprint };

/** How a denied request is answered. */
export interface ExpressAdapterOptions {
  /**
   * Replaces the default answer: JSON `{ "error": { "code", "message", "rule"? } }` with the
   * error's status, or a Fingerprint ruleset's block response (`error.ruleAction`, with
   * `honorRuleAction`). If it throws or rejects, the error goes to `next(error)`.
   */
  onDenied?: (error: FingerprintGuardError, req: Request, res: Response, next: NextFunction) => unknown;
  /** Hands the error to `next(error)` for your own error middleware instead of answering. Default false. */
  forwardErrors?: boolean;
}

export type ExpressFingerprintGuardOptions = FingerprintGuardOptions<Request> & ExpressAdapterOptions;

const DENIAL_OPTIONS = {
  onDenied: isFunction,
  forwardErrors: isBoolean,
} as const satisfies OptionSchema<ExpressAdapterOptions>;

/**
 * What the guard reads of an Express request. A class, not an object literal with getters: a
 * literal's getters are new closures at every request, which gives every input its own hidden
 * class, and core's property reads, seeing a new shape each time, went megamorphic (≈ 20 µs a
 * request in `bench/guard-ab`). `ip` and `url` are worked out only when the guard reads them.
 */
class ExpressGuardInput implements GuardRequest {
  readonly headers: Request['headers'];
  readonly body: unknown;
  /** The socket's address, whatever `trust proxy` says: ipFrom presets decide which headers to trust from it. */
  readonly peer: string | undefined;
  readonly route: string;
  readonly method: string;
  readonly #req: Request;

  constructor(req: Request) {
    this.#req = req;
    this.headers = req.headers;
    this.body = req.body;
    this.peer = req.socket?.remoteAddress;
    const route = (req.route as { path?: unknown } | undefined)?.path;
    this.route = typeof route === 'string' ? route : req.path;
    this.method = req.method;
  }

  /** Express works it out from `trust proxy` and the headers at every read. */
  get ip(): string | undefined {
    return this.#req.ip;
  }

  /** For fingerprint.edge only: `req.protocol` follows `trust proxy`. */
  get url(): string {
    const req = this.#req;
    return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
  }
}

/**
 * Runs the guard on one request, and `allowed()` once it lets the request through; a denial is
 * answered (or forwarded) here. Shared by `fingerprintGuard` and `withFingerprint`.
 */
export function guardRunner(options: GuardSource<Request, ExpressAdapterOptions>, denial?: ExpressAdapterOptions) {
  const current = resolveGuard<Request, ExpressAdapterOptions>(options, DENIAL_OPTIONS, denial, { providesIp: true });

  /** The route runs (`allowed()`); a handler's promise (withFingerprint) that rejects goes to `next(error)`. */
  function proceed(decision: AdapterDecision, req: Request, next: NextFunction, allowed: () => unknown): void {
    if (decision.fingerprint) req.fingerprint = decision.fingerprint;
    const ran = allowed();
    // Express's next() answers nothing: only a handler's promise is followed.
    if (isPromiseLike(ran)) ran.then(undefined, next);
  }

  /** Settles one decision: the route runs, or the denial is answered or forwarded. */
  async function settle(
    decision: AdapterDecision,
    adapter: Partial<ExpressAdapterOptions>,
    req: Request,
    res: Response,
    next: NextFunction,
    allowed: () => unknown,
  ): Promise<void> {
    if (decision.allowed) return proceed(decision, req, next, allowed);
    if (decision.fingerprint) req.fingerprint = decision.fingerprint;
    const { onDenied, forwardErrors = false } = adapter;
    const error = decision.error!;
    if (onDenied) return void (await onDenied(error, req, res, next));
    if (forwardErrors) return next(error);
    // The JSON denial, or a Fingerprint ruleset's block response (honorRuleAction).
    const { status, headers, body } = denialResponse(error);
    res.status(status);
    for (const [name, value] of headers) res.append(name, value);
    res.end(body);
  }

  /**
   * Runs the guard; a request it lets through without waiting (a sealed result, the memory store)
   * goes on in the same tick. Whatever throws or rejects goes to `next(error)`, never to the process.
   */
  return function run(req: Request, res: Response, next: NextFunction, allowed: () => unknown): void {
    try {
      const { guard, adapter } = current();
      const decided = decideOrRefuseNow(guard, req, new ExpressGuardInput(req));
      // Allowed at once: the route runs now, and the guard makes no promise of its own.
      if (!isPromiseLike(decided) && decided.allowed) {
        proceed(decided, req, next, allowed);
        return;
      }
      const settled = isPromiseLike(decided)
        ? decided.then((decision) => settle(decision, adapter, req, res, next, allowed))
        : settle(decided, adapter, req, res, next, allowed);
      settled.then(undefined, next);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Express middleware that verifies the request's credential, rejects replayed, stale, tampered
 * and denied ones, and sets `req.fingerprint`. It reads, for each configured provider, a header
 * or the field of a body a parser already read: `fingerprint-sealed-result` / `sealed_result`,
 * `cside-token` / `cside_token`, `fingerprint-event-id` / `event_id` (Server API fallback).
 * `bind.ip` compares with `req.ip`, which follows your `trust proxy` setting, or with what a
 * `clientIp` preset reads (`ipFrom.cloudflare()` checks the socket's address). Options may be a
 * function, called at the first request (a module that loads without its secrets).
 *
 * `req.fingerprint` is typed optional, as it is on any route: for a handler that reads it as set,
 * with no cast, use `withFingerprint(guard, handler)`.
 *
 * @example
 * app.post('/login', express.json(), fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } }), (req, res) => {
 *   res.json({ visitor: req.fingerprint?.visitorId });
 * });
 */
export function fingerprintGuard(
  options: GuardSource<Request, ExpressAdapterOptions>,
  denial?: ExpressAdapterOptions,
): RequestHandler {
  const run = guardRunner(options, denial);
  return (req, res, next) => run(req, res, next, next);
}
