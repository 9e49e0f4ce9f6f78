/** FingerprintGuardModule: configures FingerprintGuard once for the application, from options or from a factory (ConfigService). */
import { Inject, Module, Optional, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { checkOptions, configError, isBoolean, isFunction, type OptionSchema } from '@fingerprint-guard/core/adapter';
import { prepareRouteGuards, resolveConfig, type ResolvedConfig } from './config.js';
import {
  FINGERPRINT_GUARD_CONFIG,
  FINGERPRINT_ROUTE_OPTIONS,
  type FingerprintGuardModuleAsyncOptions,
  type FingerprintHttpRequest,
  type FingerprintRouteOptions,
  type ModuleOptions,
} from './types.js';

const ASYNC_MODULE_OPTIONS = {
  imports: true,
  inject: true,
  useFactory: isFunction,
  global: isBoolean,
} as const satisfies OptionSchema<FingerprintGuardModuleAsyncOptions>;

/**
 * Configures `FingerprintGuard` (and the webhook interceptor) for the application. Global by
 * default: import it once, in the root module, and `@UseGuards(FingerprintGuard)` works in every
 * module; with `global: false` import it in each module that uses the guard. Options are
 * checked once, at start-up: a mistake throws `CONFIG_INVALID` (for a global module, in the
 * routes' `@FingerprintOptions()` too).
 *
 * @example
 * @Module({
 *   imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } })],
 *   controllers: [LoginController],
 * })
 * export class AppModule {}
 */
@Module({})
export class FingerprintGuardModule implements OnApplicationBootstrap {
  constructor(
    private readonly discovery?: DiscoveryService,
    private readonly scanner?: MetadataScanner,
    private readonly reflector?: Reflector,
    private readonly config?: ResolvedConfig,
  ) {}

  /**
   * The module with options (or a guard built with `createFingerprintGuard`), known when the
   * application module is declared.
   *
   * @example
   * FingerprintGuardModule.forRoot({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, webhook: { secret: process.env.FP_WEBHOOK_SECRET! } })
   */
  static forRoot<Req = FingerprintHttpRequest>(options: ModuleOptions<Req>): DynamicModule {
    const config = resolveConfig(options as ModuleOptions<never>);
    return {
      module: FingerprintGuardModule,
      global: config.global,
      imports: [DiscoveryModule],
      providers: [{ provide: FINGERPRINT_GUARD_CONFIG, useValue: config }],
      exports: [FINGERPRINT_GUARD_CONFIG],
    };
  }

  /**
   * The module with options made by a factory Nest injects, e.g. keys from `ConfigService`.
   * The options are checked when Nest runs the factory, during start-up.
   *
   * @example
   * FingerprintGuardModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({
   *     fingerprint: { keys: config.getOrThrow<string>('FP_SEALED_KEYS').split(',') },
   *     webhook: { secret: config.getOrThrow<string>('FP_WEBHOOK_SECRET') },
   *   }),
   * })
   */
  static forRootAsync<Req = FingerprintHttpRequest>(options: FingerprintGuardModuleAsyncOptions<Req>): DynamicModule {
    checkOptions(options, ASYNC_MODULE_OPTIONS, 'FingerprintGuardModule.forRootAsync', 'nestjs');
    const { imports = [], inject = [], useFactory, global = true } = options;
    if (useFactory === undefined) throw configError('FingerprintGuardModule.forRootAsync needs useFactory.', 'nestjs');
    return {
      module: FingerprintGuardModule,
      global,
      imports: [DiscoveryModule, ...imports],
      providers: [
        {
          provide: FINGERPRINT_GUARD_CONFIG,
          inject,
          useFactory: async (...args: unknown[]) => ({
            ...resolveConfig((await useFactory(...args)) as ModuleOptions<never>),
            global,
          }),
        },
      ],
      exports: [FINGERPRINT_GUARD_CONFIG],
    };
  }

  /**
   * Builds the guard of every route with `@FingerprintOptions()` now, so that a mistake there
   * stops the start. Only for a global module: a route then always uses its configuration.
   */
  onApplicationBootstrap(): void {
    const { discovery, scanner, reflector, config } = this;
    if (!discovery || !scanner || !reflector || !config?.global) return;
    const controllers = discovery.getControllers().map((wrapper) => wrapper.metatype);
    prepareRouteGuards(
      config,
      controllers,
      (target) =>
        reflector.get<FingerprintRouteOptions<never> | undefined>(FINGERPRINT_ROUTE_OPTIONS, target as () => void),
      (prototype) => scanner.getAllMethodNames(prototype),
    );
  }
}

// The constructor's tokens by hand (see guard.ts). Optional: the bare class, imported without
// forRoot, has none of them.
Inject(DiscoveryService)(FingerprintGuardModule, undefined, 0);
Inject(MetadataScanner)(FingerprintGuardModule, undefined, 1);
Inject(Reflector)(FingerprintGuardModule, undefined, 2);
Inject(FINGERPRINT_GUARD_CONFIG)(FingerprintGuardModule, undefined, 3);
for (const index of [0, 1, 2, 3]) Optional()(FingerprintGuardModule, undefined, index);
