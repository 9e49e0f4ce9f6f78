// The NestJS app tooling/reliability's hostile-HTTP barrage runs against (src/hostile.ts loads
// this file: NestJS is this package's dependency, not that one's). Decorators are applied by hand
// so that the file compiles under either decorator mode, whoever loads it (vitest, tsx).
import type { RequestListener, Server } from 'node:http';
import { Controller, HttpCode, Module, Post, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Fingerprint, FingerprintGuard, FingerprintGuardModule, type GuardLogger } from '../src/index.js';

export interface HostileTargetOptions {
  platform: 'express' | 'fastify';
  key: string;
  onHandler: () => void;
  logger: GuardLogger;
  /** Creates the Node server with the barrage's time limits. */
  serve: (listener: RequestListener) => Server;
}

/** A Nest app with `POST /login` behind FingerprintGuard, on a server made by `serve` and not yet listening. */
export async function startHostileTarget({
  platform,
  key,
  onHandler,
  logger,
  serve,
}: HostileTargetOptions): Promise<Server> {
  class LoginController {
    login(_fingerprint: Fingerprint) {
      onHandler();
      return { ok: true };
    }
  }
  Reflect.decorate(
    [Post('login'), HttpCode(200), UseGuards(FingerprintGuard)],
    LoginController.prototype,
    'login',
    Object.getOwnPropertyDescriptor(LoginController.prototype, 'login'),
  );
  Fingerprint()(LoginController.prototype, 'login', 0);
  Reflect.decorate([Controller()], LoginController);
  class HostileModule {}
  Reflect.decorate(
    [
      Module({
        imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, logger })],
        controllers: [LoginController],
      }),
    ],
    HostileModule,
  );

  if (platform === 'express') {
    const adapter = new ExpressAdapter();
    const app = await NestFactory.create(HostileModule, adapter, { logger: false });
    await app.init();
    return serve(adapter.getInstance());
  }
  let server: Server | undefined;
  const adapter = new FastifyAdapter({ serverFactory: (handler: RequestListener) => (server = serve(handler)) });
  const app = await NestFactory.create(HostileModule, adapter, { logger: false });
  await app.init();
  await adapter.getInstance().ready();
  return server!;
}
