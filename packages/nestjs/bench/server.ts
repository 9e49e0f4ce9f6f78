// One benchmark server, in its own process: `<platform>-<variant>` (argv[2]), platform `express`
// or `fastify`, variant `hello`, `guard` or `floor`. Prints its port.
import 'reflect-metadata';
import { createDecipheriv } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import {
  Controller,
  Headers,
  HttpCode,
  HttpException,
  Module,
  Post,
  UseGuards,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Fingerprint, FingerprintGuard, FingerprintGuardModule } from '../src/index.js';

const [platform, variant] = String(process.argv[2]).split('-');
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
const seen = new Map<string, number>();
const keyBytes = Buffer.from(key, 'base64');
@Controller()
class FloorController {
  @Post('login')
  @HttpCode(200)
  login(@Headers('fingerprint-sealed-result') sealed: string) {
    const bytes = Buffer.from(String(sealed), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(4, 16), { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
    const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
    if (seen.has(event.event_id)) throw new HttpException({ error: 'replayed' }, 409);
    seen.set(event.event_id, event.timestamp);
    return { ok: true, visitor: event.identification?.visitor_id };
  }
}

const imports: DynamicModule[] =
  variant === 'guard' ? [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })] : [];
const controller = variant === 'guard' ? GuardedController : variant === 'floor' ? FloorController : HelloController;

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
