// The NestJS webhook app tooling/reliability's webhook attacks run against (src/webhook-apps.ts
// loads this file: NestJS is this package's dependency, not that one's). Decorators are applied by
// hand, as in hostile-target.ts, so that the file compiles under either decorator mode.
import type { AddressInfo } from 'node:net';
import { Controller, HttpCode, Module, Post, ServiceUnavailableException, UseInterceptors } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { FingerprintEvent } from '@fingerprint-guard/core';
import { fingerprintWebhook, FingerprintWebhookEvent, type FingerprintWebhookOptions } from '../src/index.js';

export interface WebhookTargetOptions {
  options: FingerprintWebhookOptions;
  /** What the handler does with the event: `'throw'` (a 500), `'5xx'` (a 503), anything else answers 204. */
  handle: (event: FingerprintEvent) => Promise<string>;
}

/** A Nest app on Express with `POST /hook` behind `fingerprintWebhook(options)`, listening on 127.0.0.1. */
export async function startWebhookTarget({ options, handle }: WebhookTargetOptions) {
  class HookController {
    async receive(event: FingerprintEvent) {
      const action = await handle(event);
      if (action.endsWith('throw')) throw new Error('the handler failed');
      if (action === '5xx') throw new ServiceUnavailableException('try again later');
    }
  }
  Reflect.decorate(
    [Post('hook'), HttpCode(204), UseInterceptors(fingerprintWebhook(options))],
    HookController.prototype,
    'receive',
    Object.getOwnPropertyDescriptor(HookController.prototype, 'receive'),
  );
  FingerprintWebhookEvent()(HookController.prototype, 'receive', 0);
  Reflect.decorate([Controller()], HookController);
  class HookModule {}
  Reflect.decorate([Module({ controllers: [HookController] })], HookModule);

  const app = await NestFactory.create(HookModule, new ExpressAdapter(), {
    logger: false,
    rawBody: true,
    abortOnError: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
