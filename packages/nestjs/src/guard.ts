/** FingerprintGuard and @FingerprintOptions(): the guard as a Nest `CanActivate` for `@UseGuards(...)`, configured by the module or per route. */
import {
  isFingerprintGuardError,
  type FingerprintGuardEngine as GuardEngine,
  type GuardMode,
} from '@fingerprint-guard/core';
import {
  configError,
  decideOrRefuseNow,
  isPromiseLike,
  refusingGuard,
  type AdapterDecision,
} from '@fingerprint-guard/core/adapter';
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
import { NestGuardInput } from './guard-input.js';
import { httpRequest, markGuarded, type PlatformRequest } from './request.js';
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
  /**
   * Each route's guard (or that it is skipped), by handler and controller: Nest's metadata is fixed
   * once the app is built, so it is read at a route's first request rather than at every one.
   */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteGuard>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly config?: ResolvedConfig,
  ) {}

  /**
   * A boolean when the guard decided at once (a sealed result claimed in the memory store), which
   * Nest takes without awaiting; a promise when it had to wait.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const guard = this.routeGuard(context);
    if (guard === SKIPPED) return true;
    const request = httpRequest(context, 'FingerprintGuard');
    const decided = decideOrRefuseNow(guard, request, new NestGuardInput(request));
    if (isPromiseLike(decided)) return decided.then((decision) => settle(context, request, decision));
    return settle(context, request, decided);
  }

  private routeGuard(context: ExecutionContext): RouteGuard {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.routes.get(handler);
    let guard = byController?.get(controller);
    if (guard === undefined) {
      guard = this.lookUp([handler, controller]);
      if (!byController) {
        byController = new WeakMap();
        this.routes.set(handler, byController);
      }
      byController.set(controller, guard);
    }
    return guard;
  }

  /** The route's guard; one that cannot be built (route options built at the first request) refuses with its CONFIG_INVALID. */
  private lookUp(targets: Parameters<Reflector['getAllAndOverride']>[1]): RouteGuard {
    if (this.reflector.getAllAndOverride<boolean | undefined>(FINGERPRINT_SKIP, targets) === true) return SKIPPED;
    const route = this.reflector.getAllAndOverride<FingerprintRouteOptions<never> | undefined>(
      FINGERPRINT_ROUTE_OPTIONS,
      targets,
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

/** Lets the request through, or throws the denial for Nest's exception filters. */
function settle(context: ExecutionContext, request: PlatformRequest, decision: AdapterDecision): boolean {
  markGuarded(request, decision.fingerprint);
  if (decision.allowed) return true;
  const exception = new FingerprintGuardException(decision.error!);
  setRuleHeaders(context.switchToHttp().getResponse(), exception.ruleHeaders);
  throw exception;
}

/** A route marked `@SkipFingerprint()`. */
const SKIPPED = Symbol('skipped');
type RouteGuard = GuardEngine<FingerprintHttpRequest, GuardMode> | typeof SKIPPED;

// The constructor's tokens, named as `@Inject(...)` on each parameter would name them: esbuild,
// which builds the package, emits no decorator metadata, and applied by hand the source compiles
// under either decorator mode (experimental or standard) of whoever compiles it.
Inject(Reflector)(FingerprintGuard, undefined, 0);
Inject(FINGERPRINT_GUARD_CONFIG)(FingerprintGuard, undefined, 1);
Optional()(FingerprintGuard, undefined, 1);
