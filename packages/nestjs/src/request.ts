/** The platform's request as the adapter sees it (Express or Fastify), and what the adapter leaves on it. */
import type { Fingerprint, FingerprintWebhookEvent } from '@fingerprint-guard/core';
import { configError } from '@fingerprint-guard/core/adapter';
import type { ExecutionContext } from '@nestjs/common';
import type { FingerprintHttpRequest } from './types.js';

/**
 * What `FingerprintGuard` handed each request it judged (its result, or `true` for none), so that
 * `@Fingerprint()` can tell "no result" from "no guard", and the guard's result from one other code
 * put on the request. A `WeakMap`, not a property: on Express every property set on a request gives
 * it a hidden class of its own (1–2 µs each, bench:inproc; a `WeakMap` entry measured less in a loop). One per
 * process, shared by the package's ES module and CommonJS builds.
 */
const GUARDED = sharedGuarded();

function sharedGuarded(): WeakMap<object, Fingerprint | true> {
  const shared = globalThis as { [key: symbol]: WeakMap<object, Fingerprint | true> | undefined };
  const name = Symbol.for('@fingerprint-guard/nestjs:guarded');
  shared[name] ??= new WeakMap();
  return shared[name];
}

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
}

/** The HTTP request of `context`; anything but HTTP (microservices, WebSockets) is a configuration mistake. */
export function httpRequest(context: ExecutionContext, who: string): PlatformRequest {
  if (context.getType() !== 'http') {
    throw configError(`${who} guards HTTP routes only, not ${context.getType()} handlers.`, 'nestjs');
  }
  return context.switchToHttp().getRequest<PlatformRequest>();
}

/** Records that the guard judged `request`, and the result it set on it, if any. */
export function markGuarded(request: PlatformRequest, fingerprint: Fingerprint | undefined): void {
  if (fingerprint === undefined) {
    // A second guard on the route that found no result does not hide the first one's.
    if (!GUARDED.has(request)) GUARDED.set(request, true);
    return;
  }
  GUARDED.set(request, fingerprint);
  request.fingerprint = fingerprint;
}

/** Whether the guard judged `request` and `request.fingerprint` is still what it set (or it set none). */
export function wasGuarded(request: PlatformRequest): boolean {
  const handed = GUARDED.get(request);
  return handed === true || (handed !== undefined && handed === request.fingerprint);
}

/** One header as a string; a repeated or absent header is `undefined`. */
export function singleHeader(request: FingerprintHttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
