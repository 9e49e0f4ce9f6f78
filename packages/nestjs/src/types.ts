/** The NestJS adapter's option types, the request it reads, and the injection token of its configuration. */
import type {
  FingerprintGuardEngine as GuardEngine,
  FingerprintGuardOptions,
  GuardMode,
  WebhookReceiverOptions,
} from '@fingerprint-guard/core';
import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';

/**
 * What the guard reads from the platform's request, Express or Fastify alike: the headers, the
 * body Nest's parser produced, and the client IP (`req.ip`, which follows Express's
 * `trust proxy` or Fastify's `trustProxy`). `check`, `getCredential`, `bind.linkedId` and
 * `clientIp` receive the platform's request itself; type it with the module's type parameter.
 *
 * @example
 * FingerprintGuardModule.forRoot<FingerprintHttpRequest & { session?: { id: string } }>({
 *   fingerprint: { keys: [process.env.FP_SEALED_KEY!] },
 *   bind: { linkedId: (req) => req.session?.id },
 * });
 */
export interface FingerprintHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body Nest's parser produced (JSON or form); undefined when none ran. */
  body?: unknown;
  /** The client IP as the platform determined it. */
  ip?: string;
  /** The connection (Express's `req.socket`, Fastify's `request.socket`): its remote address is the peer `ipFrom` presets check. */
  socket?: { remoteAddress?: string };
  method?: string;
  url?: string;
}

/**
 * The module's options: the guard's (every `@fingerprint-guard/core` option, checked once when
 * the module is built) and the adapter's own.
 *
 * @example
 * const options: NestFingerprintGuardOptions = { fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } };
 */
export interface NestFingerprintGuardOptions<Req = FingerprintHttpRequest>
  extends FingerprintGuardOptions<Req>,
    NestAdapterOptions {}

/**
 * What the adapter adds to the guard's options.
 *
 * @example
 * FingerprintGuardModule.forRoot({ fingerprint: { keys }, webhook: { secret: process.env.FP_WEBHOOK_SECRET! }, global: false });
 */
export interface NestAdapterOptions {
  /**
   * The webhook receiver's options for `@UseInterceptors(FingerprintWebhookInterceptor)`
   * (`secret`, `maxAge`, `replay`, `maxBodyBytes`). Default: none; `fingerprintWebhook(options)`
   * takes its own instead.
   */
  webhook?: WebhookReceiverOptions;
  /**
   * Register the module globally, so that `@UseGuards(FingerprintGuard)` works in every module.
   * Default true; with false, import the module where its guard is used.
   */
  global?: boolean;
}

/**
 * Per route: options merged over the module's (a top-level key replaces the module's), or a
 * guard built with `createFingerprintGuard`, used as it is.
 *
 * @example
 * const strict: FingerprintRouteOptions = { deny: { bot: true, vpn: true }, minConfidence: 0.9 };
 */
export type FingerprintRouteOptions<Req = FingerprintHttpRequest> =
  | Partial<FingerprintGuardOptions<Req>>
  | GuardEngine<Req, GuardMode>;

/**
 * `FingerprintGuardModule.forRootAsync`: options made by a factory that Nest injects (for
 * example with `ConfigService`), as `JwtModule.registerAsync` does.
 *
 * @example
 * FingerprintGuardModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ fingerprint: { keys: [config.getOrThrow<string>('FP_SEALED_KEY')] } }),
 * });
 */
export interface FingerprintGuardModuleAsyncOptions<Req = FingerprintHttpRequest> {
  /** Modules whose providers the factory needs (e.g. `ConfigModule`). */
  imports?: ModuleMetadata['imports'];
  /** Providers handed to `useFactory`, in order (e.g. `ConfigService`). */
  inject?: FactoryProvider['inject'];
  /** Returns the options (`global` aside), or an already-built guard; sync or async. */
  // biome-ignore lint/suspicious/noExplicitAny: Nest hands the injected providers, typed by the caller.
  useFactory: (...args: any[]) => ModuleOptions<Req> | Promise<ModuleOptions<Req>>;
  /** Register the module globally. Default true. */
  global?: boolean;
}

/**
 * What `forRoot` and the async factory accept: options, or a guard built with `createFingerprintGuard`.
 *
 * @example
 * const fromOptions: ModuleOptions = { fingerprint: { keys } };
 * const fromGuard: ModuleOptions = createFingerprintGuard<FingerprintHttpRequest>({ fingerprint: { keys } });
 */
export type ModuleOptions<Req = FingerprintHttpRequest> =
  | NestFingerprintGuardOptions<Req>
  | GuardEngine<Req, GuardMode>;

/** The injection token of the module's resolved configuration (internal: the module provides it). */
export const FINGERPRINT_GUARD_CONFIG = Symbol.for('@fingerprint-guard/nestjs:config');

/** The metadata key of `@FingerprintOptions()`. */
export const FINGERPRINT_ROUTE_OPTIONS = Symbol.for('@fingerprint-guard/nestjs:route-options');
