/** What a guard reads from a request, and what a built guard is. */
import type { GuardDecision, GuardMode } from '../result/decision.js';
import type { Fingerprint } from '../result/fingerprint.js';

/** The smallest request the guard reads: headers (Node's object or Web `Headers`), maybe a parsed body. */
export interface GuardRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  /** A body a body parser already produced (JSON or form). Streams are never read. */
  body?: unknown;
  /**
   * The client's IP as the framework determined it (Express `req.ip`, Koa `ctx.ip`, with their
   * trusted-proxy settings), for `bind.ip`. Adapters fill it; `clientIp` overrides it.
   */
  ip?: string;
  /**
   * The connection's other end: the socket's remote address, before any proxy header or
   * trusted-proxy setting. Adapters fill it where the runtime has one; `ipFrom` presets check it
   * before trusting a header.
   */
  peer?: string;
  /** The route as the framework names it (`/login`, `/orders/:id`), for logs and `onDecision`. */
  route?: string;
  /** The request's method as received (`POST`), for `fingerprint.edge`. Adapters fill it. */
  method?: string;
  /**
   * The request's absolute URL (`https://shop.example/signup?ref=mail`), as the framework
   * reconstructs it with its trusted-proxy setting, for `fingerprint.edge`. Adapters fill it.
   */
  url?: string;
}

/** What a request presents. A plain string is taken as a sealed result. */
export type Credential = string | { sealedResult: string } | { eventId: string } | { csideToken: string };

/**
 * A configured guard: build it once, use it on every route. `request` is what `check` and
 * `getCredential` receive; the credential is read from `input` (headers and a parsed body), which
 * defaults to `request` itself when that has `headers`.
 */
export interface FingerprintGuardEngine<Req = GuardRequest, M extends GuardMode = GuardMode> {
  /** Resolves the verified fingerprint, or rejects with the `FingerprintGuardError` that denies the request. */
  verify(request: Req, input?: GuardRequest): Promise<Fingerprint>;
  /** The same checks as a value: never rejects for a denial. */
  decide(request: Req, input?: GuardRequest): Promise<GuardDecision>;
  readonly mode: M;
}
