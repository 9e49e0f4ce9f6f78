/** FingerprintGuardModule: configures FingerprintGuard once for the application, from options or from a factory (ConfigService). */
import { Module, type DynamicModule } from '@nestjs/common';
import { resolveConfig } from './config.js';
import { FINGERPRINT_GUARD_CONFIG, type FingerprintGuardModuleAsyncOptions, type FingerprintHttpRequest, type ModuleOptions } from './types.js';

/**
 * Configures `FingerprintGuard` (and the webhook interceptor) for the application. Global by
 * default: import it once, in the root module, and `@UseGuards(FingerprintGuard)` works in every
 * module; with `global: false` import it in each module that uses the guard. Options are
 * checked once, when the module is built: a mistake throws `CONFIG_INVALID` at start-up.
 *
 * @example
 * @Module({
 *   imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } })],
 *   controllers: [LoginController],
 * })
 * export class AppModule {}
 */
@Module({})
export class FingerprintGuardModule {
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
    const { imports = [], inject = [], useFactory, global = true } = options;
    return {
      module: FingerprintGuardModule,
      global,
      imports,
      providers: [
        {
          provide: FINGERPRINT_GUARD_CONFIG,
          inject,
          useFactory: async (...args: unknown[]) => resolveConfig((await useFactory(...args)) as ModuleOptions<never>),
        },
      ],
      exports: [FINGERPRINT_GUARD_CONFIG],
    };
  }
}
