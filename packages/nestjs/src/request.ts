/** The platform's request as the adapter sees it (Express or Fastify), and what the adapter leaves on it. */
import type { Fingerprint, FingerprintWebhookEvent } from '@fingerprint-guard/core';
import { configError } from '@fingerprint-guard/core/adapter';
import type { ExecutionContext } from '@nestjs/common';
import type { FingerprintHttpRequest } from './types.js';

/** Set on a request once `FingerprintGuard` judged it, so that `@Fingerprint()` can tell "no result" from "no guard". */
const GUARDED = Symbol.for('@fingerprint-guard/nestjs:guarded');

/** Express's `req` or Fastify's `request`, with what the adapter adds and reads. */
export interface PlatformRequest extends FingerprintHttpRequest {
  /** The verified identification, set by `FingerprintGuard`. */
  fingerprint?: Fingerprint;
  /** The verified webhook event, set by the webhook interceptor. */
  fingerprintWebhookEvent?: FingerprintWebhookEvent;
  /** The exact body bytes, with Nest's `rawBody: true` application option. */
  rawBody?: Uint8Array;
  /** Fastify: the Node request underneath. */
  raw?: NodeJS.ReadableStream & { readableEnded?: boolean };
  readableEnded?: boolean;
  [GUARDED]?: true;
}

/** The HTTP request of `context`; anything but HTTP (microservices, WebSockets) is a configuration mistake. */
export function httpRequest(context: ExecutionContext, who: string): PlatformRequest {
  if (context.getType() !== 'http') {
    throw configError(`${who} guards HTTP routes only, not ${context.getType()} handlers.`, 'nestjs');
  }
  return context.switchToHttp().getRequest<PlatformRequest>();
}

/** A result the guard handed to a request: marked, so that one set on `req` by other code is never taken for it. */
type MarkedFingerprint = Fingerprint & { [GUARDED]?: true };

/**
 * Records that the guard ran on `request`, with one property on it: on Express every property
 * set on a request gives it a hidden class of its own (1–2 µs each inside Express, bench:inproc).
 * The mark rides on the result when there is one, on the request when there is none (monitor mode).
 */
export function markGuarded(request: PlatformRequest, fingerprint: Fingerprint | undefined): void {
  if (fingerprint === undefined) {
    request[GUARDED] = true;
    return;
  }
  (fingerprint as MarkedFingerprint)[GUARDED] = true;
  request.fingerprint = fingerprint;
}

export function wasGuarded(request: PlatformRequest): boolean {
  return request[GUARDED] === true || (request.fingerprint as MarkedFingerprint | undefined)?.[GUARDED] === true;
}

/** One header as a string; a repeated or absent header is `undefined`. */
export function singleHeader(request: FingerprintHttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
