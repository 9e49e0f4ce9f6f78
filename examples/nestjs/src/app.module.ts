// The example's root module: settings served by ConfigService, and the guard configured from them.
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { FingerprintGuardModule, type ReplayStore } from '@fingerprint-guard/nestjs';
import { ShopController, SimulatorController, WebhookController } from './controllers';
import type { ExampleSettings } from './settings';

@Module({})
export class AppModule {
  static forRoot(settings: ExampleSettings, store?: ReplayStore): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => settings] }),
        FingerprintGuardModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            fingerprint: { keys: config.getOrThrow<string[]>('sealedKeys') },
            cside: config.getOrThrow<ExampleSettings['cside']>('cside'),
            maxAge: '2m',
            replay: store ? { store } : undefined,
            webhook: { secret: config.getOrThrow<string>('webhookSecret') },
          }),
        }),
      ],
      controllers: [ShopController, WebhookController, SimulatorController],
    };
  }
}
