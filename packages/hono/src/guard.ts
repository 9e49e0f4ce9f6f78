/** fingerprintGuard: the guard as Hono middleware (Hono 4), on Node and on Web-standard runtimes. */
import type {
  Fingerprint,
  FingerprintFor,
  FingerprintGuardEngine,
  FingerprintGuardError,
  FingerprintGuardOptions,
  GuardMode,
} from '@fingerprint-guard/core';
import type { GuardRequest, GuardSource } from '@fingerprint-guard/core';
import {
  DEFAULT_MAX_BODY_BYTES,
  credentialBodyKindFor,
  decideOrRefuseNow,
  denialResponse,
  isBoolean,
  isFunction,
  isPromiseLike,
  resolveGuard,
  wholeNumber,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readBody } from './body.js';
import { peerOf } from './peer.js';
import './augment.js';

/**
 * The variables the guard sets: `c.get('fingerprint')`. In monitor mode it may be `undefined`.
 *
 * @example
 * type AppEnv = { Bindings: { FP_SEALED_KEY: string }; Variables: FingerprintVariables };
 */
export interface FingerprintVariables<M extends GuardMode = 'enforce'> {
  fingerprint: FingerprintFor<M>;
}

/**
 * The Hono `Env` of an app or route behind the guard.
 *
 * @example
 * const app = new Hono<FingerprintEnv>();
 * app.use('/account/*', fingerprintGuard({ fingerprint: { keys } }));
 * app.post('/account/login', (c) => c.json({ visitorId: c.get('fingerprint').visitorId }));
 */
export interface FingerprintEnv<M extends GuardMode = 'enforce'> {
  Variables: FingerprintVariables<M>;
}

/**
 * What the Hono adapter adds to the guard's options; also accepted beside an already-built guard.
 *
 * @example
 * fingerprintGuard(guard, { onDenied: (error, c) => c.json({ denied: error.code }, 403) });
 */
export interface HonoAdapterOptions {
  /**
   * Replaces the default answer, `c.json({ error: { code, message, rule? } }, error.status)`, or a
   * Fingerprint ruleset's block response (`error.ruleAction`, with `honorRuleAction`).
   */
  onDenied?: (error: FingerprintGuardError, c: Context) => Response | Promise<Response>;
  /**
   * Throws an `HTTPException` with the error's status instead, for your `app.onError` (its
   * `cause` is the `FingerprintGuardError`; `getResponse()` is the default JSON answer). Default false.
   */
  throwErrors?: boolean;
  /** Largest body searched for a credential field. Default 1,048,576 bytes; larger bodies are not read. */
  maxBodyBytes?: number;
}

/**
 * The guard's options, with `check`, `getCredential`, `clientIp` and `bind.linkedId` receiving Hono's `Context`.
 *
 * @example
 * const options: HonoFingerprintGuardOptions = { fingerprint: { keys }, bind: { linkedId: (c) => c.req.header('x-session-id') } };
 */
export interface HonoFingerprintGuardOptions<M extends GuardMode = 'enforce'>
  extends FingerprintGuardOptions<Context>,
    HonoAdapterOptions {
  mode?: M;
}

/**
 * What the guard reads of a Hono request. One class, so every request's input has one shape; the
 * connecting address and the URL are read only by `bind.ip` and `fingerprint.edge`, when asked.
 */
class HonoGuardInput implements GuardRequest {
  readonly headers: Headers;
  readonly body: Record<string, unknown> | null | undefined;
  /** The route of the handler that will answer (`/orders/:id`), for onDecision and telemetry. */
  readonly route: string;
  readonly method: string;
  readonly #c: Context;

  constructor(c: Context, body: Record<string, unknown> | null | undefined) {
    this.#c = c;
    const { raw } = c.req;
    this.headers = raw.headers;
    this.body = body;
    this.route = c.req.matchedRoutes.at(-1)?.path ?? c.req.path;
    this.method = raw.method;
  }

  get peer(): string | undefined {
    return peerOf(this.#c);
  }

  get url(): string {
    return this.#c.req.raw.url;
  }
}

const ADAPTER_OPTIONS = {
  onDenied: isFunction,
  throwErrors: isBoolean,
  maxBodyBytes: wholeNumber(1, undefined, 'bytes'),
} as const satisfies OptionSchema<HonoAdapterOptions>;

/**
 * Hono middleware that verifies the request's credential, rejects replayed, stale, tampered and
 * denied ones, and sets `c.get('fingerprint')`. It reads, for each configured provider, a header
 * or a field of a JSON, URL-encoded or multipart body (left readable for your handler):
 * `fingerprint-sealed-result` / `sealed_result`, `cside-token` / `cside_token`,
 * `fingerprint-event-id` / `event_id`. Hono has no client IP of its own: `bind.ip` needs
 * `clientIp`, e.g. `clientIpFromConnInfo(getConnInfo)` or an `ipFrom` preset (the adapter gives
 * presets the connecting address on Node, Bun and Deno; a Worker has none and needs none for
 * `ipFrom.cloudflare()`). Pass options, a guard built with
 * `createFingerprintGuard<Context>()` to share one configuration between routes, or a function
 * returning either, called at the first request (a module that loads without its secrets).
 *
 * @example
 * app.post('/login', fingerprintGuard({ fingerprint: { keys: [env.FP_SEALED_KEY] } }), (c) =>
 *   c.json({ visitorId: c.get('fingerprint').visitorId }));
 */
export function fingerprintGuard<M extends GuardMode = 'enforce'>(
  options:
    | HonoFingerprintGuardOptions<M>
    | FingerprintGuardEngine<Context, M>
    | (() => HonoFingerprintGuardOptions<M> | FingerprintGuardEngine<Context, M>),
  denial?: HonoAdapterOptions,
): MiddlewareHandler<FingerprintEnv<M>> {
  const source = options as GuardSource<Context, HonoAdapterOptions>;
  const current = resolveGuard<Context, HonoAdapterOptions>(source, ADAPTER_OPTIONS, denial, { providesIp: false });

  return async (c, next) => {
    const { guard, adapter } = current();
    const { onDenied, throwErrors = false, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = adapter;
    const { raw } = c.req;
    // A request carrying the header the guard reads first goes on without the body reader's
    // promise, and without waiting for its body.
    const body = credentialBodyKindFor(guard, raw) ? await readBody(c.req, maxBodyBytes) : undefined;
    const decided = decideOrRefuseNow(guard, c, new HonoGuardInput(c, body));
    const decision = isPromiseLike(decided) ? await decided : decided;
    if (decision.fingerprint) c.set('fingerprint', decision.fingerprint as Fingerprint & FingerprintFor<M>);
    if (decision.allowed) {
      // Awaited, not returned: an async function answering a promise takes two more microtasks.
      await next();
      return;
    }
    const error = decision.error!;
    if (onDenied) return onDenied(error, c);
    // The JSON denial, or a Fingerprint ruleset's block response (honorRuleAction).
    const answer = denialResponse(error);
    const status = answer.status as ContentfulStatusCode;
    if (throwErrors)
      throw new HTTPException(status, {
        res: new Response(answer.body, { status, headers: answer.headers }),
        cause: error,
      });
    for (const [name, value] of answer.headers) c.header(name, value, { append: true });
    return c.body(answer.body, status);
  };
}
