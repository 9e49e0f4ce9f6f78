/** What FingerprintGuard hands core of a Nest request, on Express or Fastify. */
import type { GuardRequest } from '@fingerprint-guard/core';
import type { FingerprintHttpRequest } from './types.js';

/**
 * One class, so that every input has the same shape (core's property reads stay monomorphic), with
 * `ip` and `url` worked out only when the guard reads them: Express's `req.ip` runs its trusted-proxy
 * check at every read, and most routes bind no IP and use no edge analysis.
 */
export class NestGuardInput implements GuardRequest {
  readonly headers: FingerprintHttpRequest['headers'];
  readonly body: unknown;
  /** The socket's address, whatever the platform's trusted-proxy setting says: ipFrom presets check it. */
  readonly peer: string | undefined;
  readonly route: string | undefined;
  readonly method: string | undefined;
  readonly #request: FingerprintHttpRequest;

  constructor(request: FingerprintHttpRequest) {
    this.#request = request;
    this.headers = request.headers;
    this.body = request.body;
    this.peer = request.socket?.remoteAddress;
    this.route = routeOf(request);
    this.method = request.method;
  }

  /** The platform's own: Express `trust proxy`, Fastify `trustProxy`. */
  get ip(): string | undefined {
    return this.#request.ip;
  }

  /** For fingerprint.edge only. */
  get url(): string | undefined {
    return absoluteUrl(this.#request);
  }
}

/** The route as the platform names it: Express's `route.path`, Fastify's `routeOptions.url`, else the path. */
function routeOf(request: FingerprintHttpRequest): string | undefined {
  const platform = request as FingerprintHttpRequest & { route?: { path?: unknown }; routeOptions?: { url?: unknown } };
  const named = platform.route?.path ?? platform.routeOptions?.url;
  if (typeof named === 'string') return named;
  return typeof request.url === 'string' ? request.url.split('?')[0] : undefined;
}

/**
 * The request's absolute URL for fingerprint.edge: the platform's protocol (Express's `req.protocol`
 * and Fastify's `request.protocol` follow their trusted-proxy setting), the Host header, and the
 * path as received (Express's `originalUrl`, Fastify's `url`).
 */
function absoluteUrl(request: FingerprintHttpRequest): string | undefined {
  const platform = request as FingerprintHttpRequest & { protocol?: unknown; originalUrl?: unknown };
  const path = typeof platform.originalUrl === 'string' ? platform.originalUrl : request.url;
  const host = request.headers.host;
  if (typeof path !== 'string' || typeof host !== 'string') return undefined;
  return `${typeof platform.protocol === 'string' ? platform.protocol : 'http'}://${host}${path}`;
}
