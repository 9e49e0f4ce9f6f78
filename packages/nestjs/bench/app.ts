// The benchmark apps: `<platform>-<variant>`, platform `express` or `fastify`, variant `hello`, `guard`,
// `floor`, `floor-mw`, `floor-param`, `core-guard` or `guard-req`, each an HTTP server not yet listening (bench/server.ts serves one; bench:inproc
// drives them without TCP). The guard is the built package, as installed.
import 'reflect-metadata';
import { createFingerprintGuard } from '@fingerprint-guard/core';
import type { Server } from 'node:http';
import { type BareUnseal, createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import {
  type CanActivate,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  Headers,
  HttpCode,
  HttpException,
  Injectable,
  Module,
  Post,
  Req,
  UseGuards,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Fingerprint, FingerprintGuard, FingerprintGuardModule } from '@fingerprint-guard/nestjs';

@Controller()
class HelloController {
  @Post('login')
  @HttpCode(200)
  login() {
    return { ok: true };
  }
}

@Controller()
class GuardedController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  login(@Fingerprint() fingerprint: Fingerprint) {
    return { ok: true, visitor: fingerprint.visitorId };
  }
}

// `guard-req`: the same guard, its result read with `@Req()`: Nest sends a custom parameter decorator's
// value (`@Fingerprint()`) through its asynchronous pipe path, which `@Req()` skips; for telling the two
// apart (VARIANTS=floor-mw,guard-req,guard).
@Controller()
class GuardedReqController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  login(@Req() request: { fingerprint: Fingerprint }) {
    return { ok: true, visitor: request.fingerprint.visitorId };
  }
}

// `core-guard`: core's engine called from a Nest guard of our own, for telling what Nest's guard
// machinery costs from what FingerprintGuard adds to it.
let engine: ReturnType<typeof createFingerprintGuard> | undefined;
@Injectable()
class CoreGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; fingerprint?: unknown }>();
    const decision = await engine!.decide(request, { headers: request.headers, route: '/login' });
    request.fingerprint = decision.fingerprint;
    return decision.allowed;
  }
}
@Controller()
class CoreGuardedController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(CoreGuard)
  login(@Req() request: { fingerprint: Fingerprint }) {
    return { ok: true, visitor: request.fingerprint.visitorId };
  }
}

// The least any unsealing server does: sync decrypt + inflate + parse and a Map, no checks at all.
// Set by each createBenchServer call: variants in one process (floor-mw, floor-param) share the last one.
let unseal: BareUnseal = () => {
  throw new Error('createBenchServer sets the floor first');
};
@Controller()
class FloorController {
  @Post('login')
  @HttpCode(200)
  login(@Headers('fingerprint-sealed-result') sealed: string) {
    const read = unseal(sealed);
    if (!read) throw new HttpException({ error: 'replayed' }, 409);
    return { ok: true, visitor: read.visitorId };
  }
}

// `floor-mw`: the same floor where the guard runs, a Nest guard before the handler.
@Injectable()
class FloorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; visitor?: string }>();
    const read = unseal(request.headers['fingerprint-sealed-result']);
    if (!read) throw new HttpException({ error: 'replayed' }, 409);
    request.visitor = read.visitorId;
    return true;
  }
}

@Controller()
class FloorGuardedController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FloorGuard)
  login(@Req() request: { visitor?: string }) {
    return { ok: true, visitor: request.visitor };
  }
}

// `floor-param`: floor-mw whose handler takes the visitor through a custom parameter decorator, as a
// route takes the guard's result through `@Fingerprint()`: what Nest's handling of such a decorator
// costs, apart from the guard (VARIANTS=floor-mw,floor-param,guard).
const Visitor = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<{ visitor?: string }>().visitor,
);
@Controller()
class FloorParamController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FloorGuard)
  login(@Visitor() visitor: string | undefined) {
    return { ok: true, visitor };
  }
}

export async function createBenchServer(name: string, key: string): Promise<Server> {
  const [platform, ...rest] = name.split('-');
  const variant = rest.join('-');
  unseal = createBareUnseal(key);
  const imports: DynamicModule[] =
    variant === 'guard' || variant === 'guard-req'
      ? [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })]
      : [];
  if (variant === 'core-guard') engine = createFingerprintGuard({ fingerprint: { keys: [key] } });
  const CONTROLLERS = {
    'core-guard': CoreGuardedController,
    guard: GuardedController,
    'guard-req': GuardedReqController,
    floor: FloorController,
    'floor-mw': FloorGuardedController,
    'floor-param': FloorParamController,
  };
  const controller = CONTROLLERS[variant as keyof typeof CONTROLLERS] ?? HelloController;

  @Module({ imports, controllers: [controller] })
  class BenchModule {}

  const app = await NestFactory.create(
    BenchModule,
    platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
    { logger: false },
  );
  await app.init();
  // Fastify routes only once ready; Express's app is its server's request listener already.
  if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return app.getHttpServer() as Server;
}
