// The shared scenario tables through real HTTP, on the Express and the Fastify platform. The
// `nest 10` vitest project runs this same file against NestJS 10 (vitest.config.ts).
import { Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import type { FingerprintEvent } from '@fingerprint-guard/core';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';
import {
  Fingerprint,
  FingerprintGuard,
  FingerprintGuardModule,
  FingerprintWebhookEvent,
  createFingerprintGuard,
  fingerprintWebhook,
  type FingerprintGuardOptions,
  type FingerprintHttpRequest,
  type ModuleOptions,
} from '../src/index.js';
import { NEST_MAJOR, PLATFORMS, startNest } from './apps.js';

@Controller()
class LoginController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  login(@Fingerprint() fingerprint: Fingerprint | undefined) {
    return describeFingerprint(fingerprint);
  }
}

for (const platform of PLATFORMS) {
  const name = `NestJS ${NEST_MAJOR} on ${platform}`;

  adapterConformance(name, async (options, { host }) => {
    const served = await startNest({
      platform,
      host,
      // The module takes no function: the lazily configured form is a guard built from one.
      imports: [
        FingerprintGuardModule.forRoot(
          typeof options === 'function'
            ? createFingerprintGuard(options as () => FingerprintGuardOptions<FingerprintHttpRequest>)
            : (options as ModuleOptions<never>),
        ),
      ],
      controllers: [LoginController],
    });
    return { url: `${served.url}/login`, close: served.close };
  });

  webhookConformance(name, async (options, handle) => {
    @Controller()
    class WebhookController {
      @Post('webhooks/fingerprint')
      @HttpCode(204)
      @UseInterceptors(fingerprintWebhook(options))
      async receive(@FingerprintWebhookEvent() event: FingerprintEvent) {
        await handle(event);
      }
    }
    const served = await startNest({ platform, rawBody: true, controllers: [WebhookController] });
    return { url: `${served.url}/webhooks/fingerprint`, close: served.close };
  });
}
