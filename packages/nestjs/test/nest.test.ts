// What is particular to Nest: the module (sync, async with ConfigService, global or not), route
// options, exception filters, the parameter decorators, platform requests and webhooks.
import { createRequire } from 'node:module';
import {
  Catch,
  Controller,
  HttpCode,
  HttpException,
  Module,
  Post,
  UseGuards,
  UseInterceptors,
  type ArgumentsHost,
  type CallHandler,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import {
  createFingerprintGuard,
  Fingerprint,
  FingerprintGuard,
  FingerprintGuardException,
  FingerprintGuardModule,
  FingerprintOptions,
  FingerprintWebhookEvent,
  FingerprintWebhookInterceptor,
  type EventRuleActionBlock,
  type FingerprintEvent,
  type FingerprintHttpRequest,
} from '../src/index.js';
import { NEST_MAJOR, PLATFORMS, startNest, type NestServed } from './apps.js';

const key = generateKey();
const quiet = { warn() {}, error() {} };
const sealed = (overrides: Parameters<typeof createEvent>[0] = {}) => sealEvent(createEvent(overrides), key);
const post = async (url: string, headers: Record<string, string> = {}, body?: string) => {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
};
const checked: string[] = [];

@Controller()
@FingerprintOptions({ deny: { bot: true } })
class RoutesController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  login(@Fingerprint() fingerprint: Fingerprint) {
    return { visitorId: fingerprint.visitorId };
  }

  @Post('vpn-free')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  @FingerprintOptions({
    deny: { vpn: true },
    check: (_fingerprint, request: FingerprintHttpRequest) => void checked.push(`${request.method} ${request.url}`),
  })
  vpnFree(@Fingerprint() fingerprint: Fingerprint) {
    return { vpn: fingerprint.signals.vpn };
  }

  @Post('unguarded')
  @HttpCode(200)
  unguarded(@Fingerprint() fingerprint: Fingerprint) {
    return { visitorId: fingerprint.visitorId };
  }
}

/** Sets `request.fingerprint` as another library might (express-fingerprint does), before the handler. */
class ForgingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    context.switchToHttp().getRequest<{ fingerprint?: unknown }>().fingerprint = { visitorId: 'forged' };
    return next.handle();
  }
}

/** Keeps the guard's result of a guarded request and puts it on the next unguarded one, as a careless cache might. */
class ReusingInterceptor implements NestInterceptor {
  private last: unknown;
  intercept(context: ExecutionContext, next: CallHandler) {
    const request = context.switchToHttp().getRequest<{ url: string; fingerprint?: unknown }>();
    if (request.url.endsWith('/unguarded')) request.fingerprint = this.last;
    else this.last = request.fingerprint;
    return next.handle();
  }
}

@Catch(FingerprintGuardException)
class DeniedFilter implements ExceptionFilter {
  catch(exception: FingerprintGuardException, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    response
      .status(exception.getStatus() === 401 ? 499 : exception.getStatus())
      .send({ caught: exception.error.code, http: exception instanceof HttpException });
  }
}

/** A filter that answers any guard denial with the exception's own status and response, serialised. */
@Catch(FingerprintGuardException)
class ResponseFilter implements ExceptionFilter {
  catch(exception: FingerprintGuardException, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    response
      .status(exception.getStatus())
      .send({ response: exception.getResponse(), rule: exception.error.ruleAction });
  }
}

describe.each(PLATFORMS)(`NestJS ${NEST_MAJOR} on %s`, (platform) => {
  const start = (options: Parameters<typeof startNest>[0] extends infer O ? Omit<O & object, 'platform'> : never) =>
    startNest({ platform, ...options });
  const withApp = async (served: NestServed, run: (url: string) => Promise<void>) => {
    try {
      await run(served.url);
    } finally {
      await served.close();
    }
  };

  it('runs on the NestJS and platform majors under test', async () => {
    const require = createRequire(import.meta.url);
    const common = await import('@nestjs/common/package.json', { with: { type: 'json' } });
    expect([common.default.version.split('.')[0], String(NEST_MAJOR)]).toEqual([
      String(NEST_MAJOR),
      String(NEST_MAJOR),
    ]);
    expect(
      new FingerprintGuardException(
        new (await import('../src/index.js')).FingerprintGuardError('EVENT_REPLAYED', 'seen'),
      ),
    ).toBeInstanceOf(HttpException);
    expect(require('@nestjs/core/package.json').version).toMatch(/^11\./); // the devDependency; NestJS 10 comes through the alias
  });

  it('merges route options over the module’s: controller-wide, and a handler’s over its controller’s', async () => {
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, logger: quiet })],
      controllers: [RoutesController],
    });
    await withApp(served, async (url) => {
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': sealed({ vpn: true }) })).status).toBe(200);
      expect(await post(`${url}/login`, { 'fingerprint-sealed-result': sealed({ bot: 'bad' }) })).toMatchObject({
        status: 403,
        body: { error: { rule: 'bot' } },
      });
      expect(await post(`${url}/vpn-free`, { 'fingerprint-sealed-result': sealed({ vpn: true }) })).toMatchObject({
        status: 403,
        body: { error: { rule: 'vpn' } },
      });
      expect(
        await post(`${url}/vpn-free`, { 'fingerprint-sealed-result': sealed({ bot: 'bad', vpn: false }) }),
      ).toEqual({ status: 200, body: { vpn: false } });
      expect(checked.at(-1)).toBe('POST /vpn-free');
    });
  });

  it('@Fingerprint() on a route without the guard is a 500, never undefined', async () => {
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [RoutesController],
    });
    await withApp(served, async (url) =>
      expect((await post(`${url}/unguarded`, { 'fingerprint-sealed-result': sealed() })).status).toBe(500),
    );
  });

  it('@Fingerprint() never takes a `fingerprint` other code set on the request, before or after the guard, for the guard’s', async () => {
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [RoutesController],
      configure: (app) => app.useGlobalInterceptors(new ForgingInterceptor()),
    });
    await withApp(served, async (url) => {
      expect((await post(`${url}/unguarded`, { 'fingerprint-sealed-result': sealed() })).status).toBe(500);
      // Replaced after the guard ran: not the guard's result either, so never handed on as one.
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': sealed() })).status).toBe(500);
    });
  });

  it('@Fingerprint() on an unguarded route never takes another request’s result', async () => {
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [RoutesController],
      configure: (app) => app.useGlobalInterceptors(new ReusingInterceptor()),
    });
    await withApp(served, async (url) => {
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': sealed() })).status).toBe(200);
      expect((await post(`${url}/unguarded`)).status).toBe(500);
    });
  });

  it('forRootAsync takes its keys from ConfigService', async () => {
    const served = await start({
      imports: [
        FingerprintGuardModule.forRootAsync({
          imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ FP_SEALED_KEY: key })] })],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            fingerprint: { keys: [config.getOrThrow<string>('FP_SEALED_KEY')] },
            logger: quiet,
          }),
        }),
      ],
      controllers: [RoutesController],
    });
    await withApp(served, async (url) => {
      const once = sealed();
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': once })).status).toBe(200);
      expect(await post(`${url}/login`, { 'fingerprint-sealed-result': once })).toMatchObject({
        status: 409,
        body: { error: { code: 'EVENT_REPLAYED' } },
      });
    });
  });

  it('a mistake in the options stops the start: forRoot throws, forRootAsync rejects, CONFIG_INVALID', async () => {
    expect(() => FingerprintGuardModule.forRoot({ fingerprint: { keys: ['short'] } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() =>
      FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, deny: { robots: true } } as never),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    const failing = start({
      imports: [
        FingerprintGuardModule.forRootAsync({
          useFactory: async () => ({ fingerprint: { keys: [key] }, maxAge: '5 minutes' }) as never,
        }),
      ],
    });
    await expect(failing).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('a mistake in a route’s options stops the start of a global module’s app; with global: false it shows on the route', async () => {
    @Controller()
    class MistakenController {
      @Post('login')
      @UseGuards(FingerprintGuard)
      @FingerprintOptions({ deny: { robots: true } } as never)
      login() {}
    }
    const module = (global: boolean) => FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, global });
    await expect(start({ imports: [module(true)], controllers: [MistakenController] })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await withApp(await start({ imports: [module(false)], controllers: [MistakenController] }), async (url) => {
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': sealed() })).status).toBe(500);
    });
  });

  it('global: false serves the modules that import it; without a module, route options alone configure the guard', async () => {
    @Module({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, global: false })],
      controllers: [RoutesController],
    })
    class FeatureModule {}
    await withApp(await start({ imports: [FeatureModule] }), async (url) =>
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': sealed() })).status).toBe(200),
    );

    @Controller()
    class StandaloneController {
      @Post('standalone')
      @HttpCode(200)
      @UseGuards(FingerprintGuard)
      @FingerprintOptions(createFingerprintGuard<FingerprintHttpRequest>({ fingerprint: { keys: [key] } }))
      standalone(@Fingerprint() fingerprint: Fingerprint) {
        return { eventId: fingerprint.eventId };
      }
    }
    await withApp(await start({ controllers: [StandaloneController, RoutesController] }), async (url) => {
      expect((await post(`${url}/standalone`, { 'fingerprint-sealed-result': sealed() })).status).toBe(200);
      // Merged route options, and no module to merge them over: no provider, so CONFIG_INVALID, a 500.
      expect((await post(`${url}/login`, { 'fingerprint-sealed-result': sealed() })).status).toBe(500);
    });
  });

  it('an exception filter catches the denial by class and reads the guard’s error', async () => {
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [RoutesController],
      configure: (app) => app.useGlobalFilters(new DeniedFilter()),
    });
    await withApp(served, async (url) => {
      expect(await post(`${url}/login`)).toEqual({ status: 499, body: { caught: 'CREDENTIAL_MISSING', http: true } });
      expect(await post(`${url}/login`, { 'fingerprint-sealed-result': sealed({ bot: 'bad' }) })).toEqual({
        status: 403,
        body: { caught: 'EVENT_DENIED', http: true },
      });
    });
  });

  it('a ruleset block: your exception filter still wins, with the action on the error; serialised, the response is the JSON denial', async () => {
    const rule_action: EventRuleActionBlock = {
      type: 'block',
      ruleset_id: 'rs_1',
      rule_id: 'r_1',
      status_code: 429,
      headers: [{ name: 'Retry-After', value: '60' }],
      body: 'rule says no',
    };
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, honorRuleAction: true })],
      controllers: [RoutesController],
      configure: (app) => app.useGlobalFilters(new ResponseFilter()),
    });
    await withApp(served, async (url) => {
      const answer = await fetch(`${url}/login`, {
        method: 'POST',
        headers: { 'fingerprint-sealed-result': sealed({ rule_action }) },
      });
      expect(answer.status).toBe(429);
      // The rule's headers were set before the filter ran; its content type is the filter's.
      expect([answer.headers.get('retry-after'), answer.headers.get('content-type')]).toEqual([
        '60',
        expect.stringContaining('application/json'),
      ]);
      expect(await answer.json()).toEqual({
        response: { error: { code: 'EVENT_DENIED', message: expect.any(String), rule: 'ruleAction' } },
        rule: rule_action,
      });
    });
  });

  it('reads a form body, and binds to request.ip behind a trusted proxy', async () => {
    const served = await start({
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, bind: { ip: true } })],
      controllers: [RoutesController],
      trustProxy: true,
    });
    await withApp(served, async (url) => {
      const form = { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.7' };
      const body = (ip: string) =>
        new URLSearchParams({ sealed_result: sealed({ ip_address: ip }), user: 'ann' }).toString();
      expect((await post(`${url}/login`, form, body('198.51.100.7'))).status).toBe(200);
      expect(await post(`${url}/login`, form, body('127.0.0.1'))).toMatchObject({
        status: 403,
        body: { error: { rule: 'ip' } },
      });
    });
  });

  describe('webhooks', () => {
    const secret = 'whsec_nest';
    const sign = (body: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const deliver = (url: string, body: string, type = 'application/json') =>
      post(url, { 'content-type': type, 'fpjs-event-signature': sign(body) }, body);

    @Controller()
    class HookController {
      @Post('hook')
      @HttpCode(204)
      @UseInterceptors(FingerprintWebhookInterceptor)
      receive(@FingerprintWebhookEvent() event: FingerprintEvent) {
        if (event.tags?.fail) throw new Error('the handler failed');
      }
    }

    it('FingerprintWebhookInterceptor takes the module’s webhook options; a failed handler’s retry runs it again', async () => {
      const served = await start({
        rawBody: true,
        imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, webhook: { secret, logger: quiet } })],
        controllers: [HookController],
      });
      await withApp(served, async (url) => {
        const body = JSON.stringify(createEvent());
        expect((await deliver(`${url}/hook`, body)).status).toBe(204);
        expect(await deliver(`${url}/hook`, body)).toEqual({ status: 200, body: { received: true, duplicate: true } });
        const failing = JSON.stringify(createEvent({ tags: { fail: true } }));
        expect((await deliver(`${url}/hook`, failing)).status).toBe(500);
        expect((await deliver(`${url}/hook`, failing)).status).toBe(500); // released again: not a duplicate
      });
    });

    it('the interceptor without webhook options stops the start; without rawBody, a parsed JSON body is a 500', async () => {
      await expect(
        start({
          imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
          controllers: [HookController],
        }),
      ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      const served = await start({
        imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, webhook: { secret } })],
        controllers: [HookController],
      });
      await withApp(served, async (url) =>
        expect((await deliver(`${url}/hook`, JSON.stringify(createEvent()))).status).toBe(500),
      );
    });
  });
});
