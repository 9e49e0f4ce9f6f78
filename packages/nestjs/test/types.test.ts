import type { CanActivate, DynamicModule, NestInterceptor } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import {
  createFingerprintGuard,
  Fingerprint,
  FingerprintGuard,
  FingerprintGuardException,
  FingerprintGuardModule,
  FingerprintOptions,
  fingerprintWebhook,
  type CsideVerifyResponse,
  type FingerprintEvent,
  type FingerprintGuardEngine,
  type FingerprintGuardError,
  type FingerprintHttpRequest,
} from '../src/index.js';

const keys = [generateKey()];

// Checked by `tsc` (pnpm typecheck); at run time these only have to load.
describe('types', () => {
  it('the module, the guard and the interceptor are what Nest expects', () => {
    expectTypeOf(FingerprintGuardModule.forRoot).returns.toEqualTypeOf<DynamicModule>();
    expectTypeOf(FingerprintGuardModule.forRootAsync).returns.toEqualTypeOf<DynamicModule>();
    expectTypeOf<FingerprintGuard>().toMatchTypeOf<CanActivate>();
    expectTypeOf(fingerprintWebhook).returns.toMatchTypeOf<NestInterceptor>();
    expectTypeOf(Fingerprint).returns.toEqualTypeOf<ParameterDecorator>();
  });

  it('Fingerprint is the verified result, a union on provider', () => {
    const read = (fingerprint: Fingerprint) => {
      if (fingerprint.provider === 'fingerprint') {
        expectTypeOf(fingerprint.event).toEqualTypeOf<FingerprintEvent>();
        expectTypeOf(fingerprint.keyIndex).toEqualTypeOf<number | undefined>();
      } else {
        expectTypeOf(fingerprint.event).toEqualTypeOf<CsideVerifyResponse>();
      }
      return fingerprint.signals.vpn;
    };
    expectTypeOf(read).returns.toEqualTypeOf<boolean | undefined>();
  });

  it('callbacks receive the platform request, typed as the module says', () => {
    FingerprintGuardModule.forRoot({
      fingerprint: { keys },
      check: (_fingerprint, request) => {
        expectTypeOf(request).toEqualTypeOf<FingerprintHttpRequest>();
        return request.ip !== undefined;
      },
    });
    FingerprintGuardModule.forRoot<Request>({
      fingerprint: { keys },
      bind: { linkedId: (request) => request.get('x-session-id') },
    });
  });

  it('forRootAsync hands the factory what it injects, and takes options or a built guard', () => {
    FingerprintGuardModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ fingerprint: { keys: [config.getOrThrow<string>('FP_SEALED_KEY')] } }),
      global: false,
    });
    FingerprintGuardModule.forRootAsync({
      useFactory: async () => createFingerprintGuard<FingerprintHttpRequest>({ fingerprint: { keys } }),
    });
    // @ts-expect-error: durations are ms or strings like '2m' (and at run time CONFIG_INVALID)
    expect(() => FingerprintGuardModule.forRoot({ fingerprint: { keys }, maxAge: '2 minutes' })).toThrow();
  });

  it('route options are partial, or a built guard', () => {
    FingerprintOptions({ deny: { vpn: true } });
    const engine: FingerprintGuardEngine = createFingerprintGuard<FingerprintHttpRequest>({ fingerprint: { keys } });
    FingerprintOptions(engine);
    // @ts-expect-error: not a deny rule (the merged guard says CONFIG_INVALID on the route's first request)
    FingerprintOptions({ deny: { robots: true } });
  });

  it('a denial is an HttpException carrying the guard’s error', () => {
    expectTypeOf<FingerprintGuardException['error']>().toEqualTypeOf<FingerprintGuardError>();
    expectTypeOf<FingerprintGuardException['getStatus']>().returns.toEqualTypeOf<number>();
  });
});
