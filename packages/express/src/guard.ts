/** fingerprintGuard: the guard as Express middleware (Express 4 and 5). */
import {
  createFingerprintGuard,
  type Fingerprint,
  type FingerprintGuard,
  type FingerprintGuardError,
  type FingerprintGuardOptions,
  type GuardMode,
} from '@fingerprint-guard/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import './augment.js';

/** A request that passed `fingerprintGuard()`: `req.fingerprint` is always set. */
export type FingerprintRequest = Request & { fingerprint: Fingerprint };

/** How a denied request is answered. */
export interface ExpressDenialOptions {
  /** Replaces the default JSON answer `{ "error": { "code", "message" } }` with the error's status. */
  onDenied?: (error: FingerprintGuardError, req: Request, res: Response, next: NextFunction) => unknown;
  /** Hands the error to `next(error)` for your own error middleware instead of answering. Default false. */
  forwardErrors?: boolean;
}

export type ExpressFingerprintGuardOptions = FingerprintGuardOptions<Request> & ExpressDenialOptions;

/**
 * Express middleware that verifies the request's credential, rejects replayed, stale, tampered
 * and denied ones, and sets `req.fingerprint`. It reads, for each configured provider, a header
 * or the field of a body a parser already read: `fingerprint-sealed-result` / `sealed_result`,
 * `cside-token` / `cside_token`, `fingerprint-event-id` / `event_id` (Server API fallback).
 *
 * @example
 * app.post('/login', express.json(), fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } }),
 *   (req: FingerprintRequest, res) => res.json({ visitor: req.fingerprint.visitorId }));
 */
export function fingerprintGuard(
  options: ExpressFingerprintGuardOptions | FingerprintGuard<Request, GuardMode>,
  denial: ExpressDenialOptions = {},
): RequestHandler {
  const guard = isGuard(options) ? options : createFingerprintGuard<Request, GuardMode>(options);
  const { onDenied, forwardErrors = false } = isGuard(options) ? denial : { ...options, ...denial };

  return (req, res, next) => {
    guard.decide(req).then((decision) => {
      if (decision.fingerprint) req.fingerprint = decision.fingerprint;
      if (decision.allowed) return next();
      const error = decision.error!;
      if (onDenied) return onDenied(error, req, res, next);
      if (forwardErrors) return next(error);
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
    }, next);
  };
}

function isGuard(value: unknown): value is FingerprintGuard<Request, GuardMode> {
  return typeof (value as FingerprintGuard | null)?.decide === 'function';
}
