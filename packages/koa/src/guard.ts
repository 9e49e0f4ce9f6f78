/** fingerprintGuard: the guard as Koa middleware (Koa 2 and 3). */
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
import type { Context, Middleware, Next, ParameterizedContext } from 'koa';
import './augment.js';

/** State behind the guard, for apps that type their own state: `new Koa<FingerprintState>()`. */
export interface FingerprintState {
  fingerprint: Fingerprint;
}

/** A context behind the guard: `ctx.state.fingerprint` is always set. */
export type FingerprintContext = ParameterizedContext<FingerprintState>;

/** How a denied request is answered. */
export interface KoaAdapterOptions {
  /**
   * Replaces the default answer (`ctx.status` = the error's status, `ctx.body` = `{ error: { code, message, rule? } }`,
   * or a Fingerprint ruleset's block response: `error.ruleAction`, with `honorRuleAction`).
   */
  onDenied?: (error: FingerprintGuardError, ctx: Context, next: Next) => unknown;
  /** Throws the error instead, as `ctx.throw` would (it has `status` and `expose`), for your own error middleware. Default false. */
  throwErrors?: boolean;
}

export type KoaFingerprintGuardOptions = FingerprintGuardOptions<Context> & KoaAdapterOptions;

const DENIAL_OPTIONS = {
  onDenied: isFunction,
  throwErrors: isBoolean,
} as const satisfies OptionSchema<KoaAdapterOptions>;

/**
 * What the guard reads of a Koa request: one class, so that every input has one shape, with `ip`
 * and `url` worked out only when the guard reads them (`bind.ip`, a provider call, fingerprint.edge).
 */
class KoaGuardInput implements GuardRequest {
  readonly headers: Context['request']['headers'];
  readonly body: unknown;
  /** The socket's address, whatever `app.proxy` says: ipFrom presets decide which headers to trust from it. */
  readonly peer: string | undefined;
  readonly route: string;
  readonly method: string;
  readonly #ctx: Context;

  constructor(ctx: Context) {
    this.#ctx = ctx;
    this.headers = ctx.request.headers;
    this.body = (ctx.request as { body?: unknown }).body;
    this.peer = ctx.req.socket?.remoteAddress;
    // @koa/router names the matched route; without a router, the path.
    const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
    this.route = typeof route === 'string' ? route : ctx.path;
    this.method = ctx.method;
  }

  /** Follows `app.proxy`. */
  get ip(): string {
    return this.#ctx.ip;
  }

  /** For fingerprint.edge: the protocol and host follow `app.proxy`. */
  get url(): string {
    return this.#ctx.href;
  }
}

/**
 * Koa middleware that verifies the request's credential, rejects replayed, stale, tampered and
 * denied ones, and sets `ctx.state.fingerprint`. It reads the provider headers, or the fields of
 * a body `@koa/bodyparser` or `koa-body` already parsed (`ctx.request.body`). `bind.ip`
 * compares with `ctx.ip`, which follows `app.proxy`. Options may be a function, called at the
 * first request (a module that loads without its secrets).
 *
 * @example
 * router.post('/login', bodyParser(), fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } }), (ctx) => {
 *   ctx.body = { visitorId: ctx.state.fingerprint?.visitorId };
 * });
 */
export function fingerprintGuard(
  options: GuardSource<Context, KoaAdapterOptions>,
  denial?: KoaAdapterOptions,
): Middleware {
  const current = resolveGuard<Context, KoaAdapterOptions>(options, DENIAL_OPTIONS, denial, { providesIp: true });

  /** Answers one decision: the next middleware, or the denial. */
  function settle(decision: AdapterDecision, adapter: Partial<KoaAdapterOptions>, ctx: Context, next: Next): unknown {
    if (decision.fingerprint) ctx.state.fingerprint = decision.fingerprint;
    if (decision.allowed) return next();
    const { onDenied, throwErrors = false } = adapter;
    const error = decision.error!;
    if (onDenied) return onDenied(error, ctx, next);
    if (throwErrors) {
      // Koa's error handling shows the message of an error that says `expose`, as http-errors do for 4xx.
      throw Object.assign(error, { expose: error.status < 500 });
    }
    // The JSON denial, or a Fingerprint ruleset's block response (honorRuleAction).
    const answer = denialResponse(error);
    ctx.status = answer.status;
    for (const [name, value] of answer.headers) ctx.append(name, value);
    ctx.body = answer.body;
    return undefined;
  }

  // Not an async function: a decision made without waiting (a sealed result, the memory store) calls
  // next() in the tick the request arrived in. koa-compose turns a throw into a rejection.
  return (ctx, next) => {
    const { guard, adapter } = current();
    const decided = decideOrRefuseNow(guard, ctx, new KoaGuardInput(ctx));
    if (isPromiseLike(decided)) return decided.then((decision) => settle(decision, adapter, ctx, next));
    return settle(decided, adapter, ctx, next) as ReturnType<Middleware>;
  };
}
