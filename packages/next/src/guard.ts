/** withFingerprint and verifyFingerprint: the guard for Next.js App Router route handlers and server code. */
import type {
  Fingerprint,
  FingerprintFor,
  FingerprintGuardEngine,
  FingerprintGuardError,
  FingerprintGuardOptions,
  GuardMode,
  GuardSource,
} from '@fingerprint-guard/core';
import {
  DEFAULT_MAX_BODY_BYTES,
  credentialBodyKindFor,
  decideOrRefuseNow,
  denialResponse,
  isFunction,
  isPromiseLike,
  readCredentialBody,
  resolveGuard,
  wholeNumber,
  type AdapterDecision,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';

/** What the Next adapter adds to the guard's options. */
export interface NextAdapterOptions {
  /**
   * Replaces the default answer: a JSON `Response` `{ error: { code, message, rule? } }` with the
   * error's status, or a Fingerprint ruleset's block response (`error.ruleAction`, with `honorRuleAction`).
   */
  onDenied?: (error: FingerprintGuardError, request: Request) => Response | Promise<Response>;
  /** Largest body searched for a credential field. Default 1,048,576 bytes; larger bodies are not read. */
  maxBodyBytes?: number;
}

export interface NextFingerprintGuardOptions<M extends GuardMode = 'enforce'>
  extends FingerprintGuardOptions<Request>,
    NextAdapterOptions {
  mode?: M;
}

/** What the wrapped handler receives besides the request. */
export interface FingerprintRouteContext<Params, M extends GuardMode = 'enforce'> {
  params: Promise<Params>;
  /** The verified result; in monitor mode `undefined` when the request carried no valid credential. */
  fingerprint: FingerprintFor<M>;
}

/**
 * What `withFingerprint` and `verifyFingerprint` take: options of mode `M`, a guard of mode `M`,
 * or a function returning either, called at the first request (so `next build` needs no secrets).
 *
 * @example
 * export const guard: NextGuardSource = () => ({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } });
 */
export type NextGuardSource<M extends GuardMode = 'enforce'> =
  | NextFingerprintGuardOptions<M>
  | FingerprintGuardEngine<Request, M>
  | (() => NextFingerprintGuardOptions<M> | FingerprintGuardEngine<Request, M>);

interface Prepared {
  guard: FingerprintGuardEngine<Request, GuardMode>;
  onDenied: (error: FingerprintGuardError, request: Request) => Response | Promise<Response>;
  maxBodyBytes: number;
}

const ADAPTER_OPTIONS = {
  onDenied: isFunction,
  maxBodyBytes: wholeNumber(1, undefined, 'bytes'),
} as const satisfies OptionSchema<NextAdapterOptions>;

// One guard per options object, so that verifyFingerprint(request, OPTIONS) builds it once.
const prepared = new WeakMap<object, () => Prepared>();

/** The guard and the answers for `options`: checked now, or at the first request for a function. */
function prepare(options: NextGuardSource<GuardMode>): () => Prepared {
  let entry = prepared.get(options);
  if (!entry) {
    // Route handlers get a Web Request, with no client IP and no connecting address: bind.ip needs
    // clientIp here, and a preset that checks the connecting address cannot work.
    const current = resolveGuard<Request, NextAdapterOptions>(
      options as GuardSource<Request, NextAdapterOptions>,
      ADAPTER_OPTIONS,
      undefined,
      { providesIp: false, providesPeer: false },
    );
    // Read at each request (cheap: `current` keeps a resolved guard): until a lazily configured
    // guard resolves, it is one that refuses with CONFIG_INVALID.
    entry = () => {
      const { guard, adapter } = current();
      return {
        guard,
        onDenied: adapter.onDenied ?? denialAsResponse,
        maxBodyBytes: adapter.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      };
    };
    prepared.set(options, entry);
  }
  return entry;
}

/** The default answer: the JSON denial, or a Fingerprint ruleset's block response (honorRuleAction). */
function denialAsResponse(error: FingerprintGuardError): Response {
  const { status, headers, body } = denialResponse(error);
  return new Response(body, { status, headers });
}

/**
 * The decision, without a promise where the guard answers at once and there is no body to search:
 * under Next every promise and microtask is tracked by its async context, and costs more than elsewhere.
 */
function decide(entry: Prepared, request: Request): AdapterDecision | Promise<AdapterDecision> {
  // A credential in the header the guard reads first: decided without waiting for the body.
  if (credentialBodyKindFor(entry.guard, request)) return decideWithBody(entry, request);
  return decideOn(entry, request, undefined);
}

async function decideWithBody(entry: Prepared, request: Request): Promise<AdapterDecision> {
  return decideOn(entry, request, await readCredentialBody(request, entry.maxBodyBytes));
}

function decideOn(entry: Prepared, request: Request, body: Record<string, unknown> | null | undefined) {
  const { headers, method, url } = request;
  return decideOrRefuseNow(entry.guard, request, { headers, body, route: new URL(url).pathname, method, url });
}

/**
 * Wraps an App Router route handler: the request's credential is verified first (header, or a
 * JSON / form body field, read from a clone so the handler can still read the body), and the
 * handler receives `{ params, fingerprint }`. A denied request gets a JSON error `Response`.
 * Options may be an already-built guard, so one configuration serves every route, or a function
 * returning either, called at the first request, so that `next build` needs no secrets. Route
 * handlers have no client IP and no connecting address: `bind.ip` needs a `clientIp` option
 * (on Vercel, `ipFrom.vercel()`).
 *
 * @example
 * // app/api/login/route.ts
 * export const POST = withFingerprint(guard, async (request, { fingerprint }) => Response.json({ visitorId: fingerprint.visitorId }));
 */
export function withFingerprint<
  Req extends Request = Request,
  Params = Record<string, string | string[]>,
  M extends GuardMode = 'enforce',
>(
  options: NextGuardSource<M>,
  handler: (request: Req, context: FingerprintRouteContext<Params, M>) => Response | Promise<Response>,
): (request: Req, context: { params: Promise<Params> }) => Promise<Response> {
  const current = prepare(options as NextGuardSource<GuardMode>);
  return async (request, context) => {
    const entry = current();
    const decided = decide(entry, request);
    const decision = isPromiseLike(decided) ? await decided : decided;
    if (!decision.allowed) return entry.onDenied(decision.error!, request);
    return handler(request, {
      params: context?.params ?? Promise.resolve({} as Params),
      fingerprint: decision.fingerprint as FingerprintFor<M>,
    });
  };
}

/**
 * Verifies a request anywhere in server code (a server action, a route you do not wrap):
 * resolves the fingerprint, or rejects with the `FingerprintGuardError` that denies it. Pass a
 * guard built once (or one options object kept at module level): every guard shares the
 * process's default replay store, but building one per call also re-imports its keys.
 *
 * @example
 * const fingerprint = await verifyFingerprint(request, guard);
 * // in a server action: await verifyFingerprint({ headers: await headers(), body: { sealed_result } }, guard)
 */
export async function verifyFingerprint(
  request: Request | { headers: Headers; body?: unknown },
  options: NextGuardSource<GuardMode>,
): Promise<Fingerprint> {
  const entry = prepare(options)();
  if (request instanceof Request) {
    const decision = await decide(entry, request);
    if (decision.fingerprint && decision.allowed) return decision.fingerprint;
    throw decision.error;
  }
  return entry.guard.verify(request as unknown as Request, request);
}
