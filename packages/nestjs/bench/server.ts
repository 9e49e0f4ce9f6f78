// One benchmark server, in its own process: `<platform>-<variant>` (argv[2]), platform `express`
// or `fastify`, variant `hello`, `guard`, `floor` or `floor-mw`. Prints its port.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import {
  type CanActivate,
  Controller,
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
import { Fingerprint, FingerprintGuard, FingerprintGuardModule } from '../src/index.js';

const [platform, ...rest] = String(process.argv[2]).split('-');
const variant = rest.join('-');
const key = process.env.BENCH_SEALED_KEY!;

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

// The least any unsealing server does: sync decrypt + inflate + parse and a Map, no checks at all.
const unseal = createBareUnseal(key);
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

const imports: DynamicModule[] =
  variant === 'guard' ? [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })] : [];
const CONTROLLERS = { guard: GuardedController, floor: FloorController, 'floor-mw': FloorGuardedController };
const controller = CONTROLLERS[variant as keyof typeof CONTROLLERS] ?? HelloController;

@Module({ imports, controllers: [controller] })
class BenchModule {}

const app = await NestFactory.create(
  BenchModule,
  platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
  { logger: false },
);
await app.listen(0, '127.0.0.1');

// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));
process.stdout.write(`${(app.getHttpServer().address() as AddressInfo).port}\n`);
