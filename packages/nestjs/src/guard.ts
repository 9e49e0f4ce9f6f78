/** FingerprintGuard and @FingerprintOptions(): the guard as a Nest `CanActivate` for `@UseGuards(...)`, configured by the module or per route. */
import {
  isFingerprintGuardError,
  type FingerprintGuardEngine as GuardEngine,
  type GuardMode,
} from '@fingerprint-guard/core';
import { configError, decideOrRefuse, refusingGuard } from '@fingerprint-guard/core/adapter';
import {
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  type CanActivate,
  type CustomDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { routeGuard, type ResolvedConfig } from './config.js';
import { FingerprintGuardException, setRuleHeaders } from './exception.js';
import { httpRequest, markGuarded } from './request.js';
import { FINGERPRINT_SKIP } from './skip.js';
import {
  FINGERPRINT_GUARD_CONFIG,
  FINGERPRINT_ROUTE_OPTIONS,
  type FingerprintHttpRequest,
  type FingerprintRouteOptions,
} from './types.js';

/**
 * Options for the routes of one handler or controller, merged over the module's (a top-level
 * key replaces the module's: `deny` here replaces the module's `deny`), or a guard built with
 * `createFingerprintGuard`. A handler's options win over its controller's. Each route's guard is
 * built once: at start-up under a global `FingerprintGuardModule` (a mistake stops the start),
 * else on the route's first request.
 *
 * @example
 * @Post('checkout')
 * @UseGuards(FingerprintGuard)
 * @FingerprintOptions({ deny: { bot: true, vpn: true }, bind: { ip: true } })
 * checkout(@Fingerprint() fingerprint: Fingerprint) {}
 */
export function FingerprintOptions<Req = FingerprintHttpRequest>(
  options: FingerprintRouteOptions<Req>,
): CustomDecorator<symbol> {
  return SetMetadata(FINGERPRINT_ROUTE_OPTIONS, options);
}

/**
 * A Nest guard that verifies the request's credential, rejects replayed, stale, tampered and
 * denied ones, and hands the route a typed result through `@Fingerprint()` (also set as
 * `request.fingerprint`). It reads, for each configured provider, a header or the field of a
 * body Nest's parser read: `fingerprint-sealed-result` / `sealed_result`, `cside-token` /
 * `cside_token`, `fingerprint-event-id` / `event_id`. A denial is thrown as a
 * `FingerprintGuardException` (an `HttpException`): status `error.status`, body
 * `{ "error": { "code", "message", "rule"? } }`, or, with `honorRuleAction`, a Fingerprint
 * ruleset's block response (its status, headers and body). `bind.ip` compares with the platform's
 * `request.ip` (Express `trust proxy`, Fastify `trustProxy`). Works on Express and Fastify.
 * Bound to every route (`{ provide: APP_GUARD, useClass: FingerprintGuard }`), it lets through
 * the routes marked `@SkipFingerprint()`.
 *
 * @example
 * @Controller()
 * export class LoginController {
 *   @Post('login')
 *   @UseGuards(FingerprintGuard)
 *   login(@Fingerprint() fingerprint: Fingerprint) {
 *     return { visitorId: fingerprint.visitorId };
 *   }
 * }
 */
@Injectable()
export class FingerprintGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config?: ResolvedConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(FINGERPRINT_SKIP, targets) === true) return true;
    const request = httpRequest(context, 'FingerprintGuard');
    const decision = await decideOrRefuse(this.guardFor(context), request, {
      headers: request.headers,
      body: request.body,
      ip: request.ip,
      // The socket's address, whatever the platform's trusted-proxy setting says: ipFrom presets check it.
      peer: request.socket?.remoteAddress,
      route: routeOf(request),
      method: request.method,
      url: absoluteUrl(request),
    });
    markGuarded(request, decision.fingerprint);
    if (decision.allowed) return true;
    const exception = new FingerprintGuardException(decision.error!);
    setRuleHeaders(context.switchToHttp().getResponse(), exception.ruleHeaders);
    throw exception;
  }

  /** The route's guard; one that cannot be built (route options built at the first request) refuses with its CONFIG_INVALID. */
  private guardFor(context: ExecutionContext): GuardEngine<FingerprintHttpRequest, GuardMode> {
    const route = this.reflector.getAllAndOverride<FingerprintRouteOptions<never> | undefined>(
      FINGERPRINT_ROUTE_OPTIONS,
      [context.getHandler(), context.getClass()],
    );
    try {
      if (route !== undefined) return routeGuard(this.config, route);
      if (this.config) return this.config.guard;
      throw configError(
        'FingerprintGuard has no options: import FingerprintGuardModule.forRoot(...) or .forRootAsync(...), or put @FingerprintOptions(...) on the route.',
        'nestjs',
      );
    } catch (error) {
      if (!isFingerprintGuardError(error) || error.code !== 'CONFIG_INVALID') throw error;
      return refusingGuard(error);
    }
  }
}

// The constructor's tokens, named as `@Inject(...)` on each parameter would name them: esbuild,
// which builds the package, emits no decorator metadata, and applied by hand the source compiles
// under either decorator mode (experimental or standard) of whoever compiles it.
Inject(Reflector)(FingerprintGuard, undefined, 0);
Inject(FINGERPRINT_GUARD_CONFIG)(FingerprintGuard, undefined, 1);
Optional()(FingerprintGuard, undefined, 1);

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
