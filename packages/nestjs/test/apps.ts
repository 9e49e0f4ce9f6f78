/** Starts a Nest application on a real loopback port, on the Express or the Fastify platform. */
import type { AddressInfo } from 'node:net';
import { Module, type DynamicModule, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import nestCore from '@nestjs/core/package.json' with { type: 'json' };
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** The NestJS major under test: 11, or 10 in the `nest 10` project, which resolves `@nestjs/*` from test/nest10. */
export const NEST_MAJOR = Number(nestCore.version.split('.')[0]);

export type Platform = 'express' | 'fastify';
export const PLATFORMS: readonly Platform[] = ['express', 'fastify'];

export interface StartOptions {
  platform: Platform;
  imports?: Array<DynamicModule | Type<unknown>>;
  controllers?: Array<Type<unknown>>;
  /** Providers of the app's module: services, or `{ provide: APP_GUARD, useClass: FingerprintGuard }`. */
  providers?: Provider[];
  /** `'::'` makes IPv4 clients' addresses IPv4-mapped. Default 127.0.0.1. */
  host?: '127.0.0.1' | '::';
  /** Nest's `rawBody` application option (webhooks). */
  rawBody?: boolean;
  /** Trust the loopback proxy's X-Forwarded-For: Express `trust proxy`, Fastify `trustProxy`. */
  trustProxy?: boolean;
  /** Runs before `listen` (global filters, …). */
  configure?: (app: INestApplication) => void;
}

export interface NestServed {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

export async function startNest({
  platform,
  imports = [],
  controllers = [],
  providers = [],
  host = '127.0.0.1',
  rawBody = false,
  trustProxy = false,
  configure,
}: StartOptions): Promise<NestServed> {
  @Module({ imports, controllers, providers })
  class TestAppModule {}
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter({ trustProxy });
  const app = await NestFactory.create(TestAppModule, adapter, { logger: false, rawBody, abortOnError: false });
  // Express's JSON parser stops at 100 KB by default; the table sends a 200 KB body (Fastify's limit is 1 MB).
  if (platform === 'express') {
    (app as NestExpressApplication).useBodyParser('json', { limit: '1mb' });
    if (trustProxy) (app as NestExpressApplication).set('trust proxy', 'loopback');
  }
  configure?.(app);
  await app.listen(0, host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}
