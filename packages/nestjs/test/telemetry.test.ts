// OpenTelemetry through the NestJS guard, on the Express and the Fastify platform (the SDK is
// global: this table has its own file, and the two platforms run one after the other).
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { telemetryConformance } from '@fingerprint-guard/testing/telemetry';
import { Fingerprint, FingerprintGuard, FingerprintGuardModule, type ModuleOptions } from '../src/index.js';
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
  telemetryConformance(`NestJS ${NEST_MAJOR} on ${platform}`, async (options, { host }) => {
    const served = await startNest({
      platform,
      host,
      imports: [FingerprintGuardModule.forRoot(options as ModuleOptions<never>)],
      controllers: [LoginController],
    });
    return { url: `${served.url}/login`, close: served.close };
  });
}
