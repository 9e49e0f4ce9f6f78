/** `fingerprintWebhook` of every adapter behind one handler contract, on a loopback port: what the webhook attacks run against. */
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import type { FingerprintEvent, WebhookReceiverOptions } from '@fingerprint-guard/core';
import { fingerprintWebhook as expressWebhook, type FingerprintWebhookRequest } from '@fingerprint-guard/express';
import { fingerprintWebhook as fastifyWebhook } from '@fingerprint-guard/fastify';
import { fingerprintWebhook as honoWebhook } from '@fingerprint-guard/hono';
import { fingerprintWebhook as koaWebhook } from '@fingerprint-guard/koa';
import { fingerprintWebhook as nextWebhook } from '@fingerprint-guard/next';
import { listen, nextRoute, type Listening } from './http-app.js';

/**
 * What the handler does with one delivery, decided by the run: answer 204 (`ok`), throw (the
 * framework's 500), answer 503 (`5xx`). The handler may first wait (the run's `handle` does it).
 */
export type Action = 'ok' | 'throw' | '5xx';
/** The run's side of the handler: does its work (and its waiting) and says how to answer. */
export type Handle = (event: FingerprintEvent) => Promise<Action>;
/** Serves `POST <url>/hook` behind the adapter's `fingerprintWebhook(options)`, answering as `handle` says. */
export type StartApp = (options: WebhookReceiverOptions, handle: Handle) => Promise<WebhookApp>;
export type WebhookApp = Pick<Listening, 'url' | 'close'>;

/**
 * NestJS and its platform are dependencies of packages/nestjs, not of this package: the Nest app
 * lives there (test/webhook-target.ts) and is loaded from source, like the hostile-HTTP target.
 */
interface NestWebhookTarget {
  startWebhookTarget(target: {
    options: WebhookReceiverOptions;
    handle: (event: FingerprintEvent) => Promise<string>;
  }): Promise<{ url: string; close(): Promise<void> }>;
}
const NEST_TARGET = new URL('../../../packages/nestjs/test/webhook-target.ts', import.meta.url).href;

export const WEBHOOK_APPS: Record<string, StartApp> = {
  'Express 5': async (options, handle) => {
    const app = express();
    app.post('/hook', expressWebhook(options), async (req, res) => {
      const action = await handle((req as FingerprintWebhookRequest).fingerprintWebhookEvent);
      if (action === 'throw') throw new Error('the handler failed'); // Express 5: next(error)
      if (action === '5xx') return void res.status(503).json({ error: 'try again later' });
      res.sendStatus(204);
    });
    app.use(
      ((_error, _req, res, _next) =>
        void res.status(500).json({ error: 'handler failed' })) as express.ErrorRequestHandler,
    );
    return listen(app);
  },
  'Koa 3': async (options, handle) => {
    const app = new Koa();
    app.silent = true;
    app.use(koaWebhook(options));
    app.use(async (ctx) => {
      const action = await handle(ctx.state.fingerprintWebhookEvent!);
      if (action === 'throw') throw new Error('the handler failed');
      if (action === '5xx') {
        ctx.status = 503;
        ctx.body = { error: 'try again later' };
      } else ctx.status = 204;
    });
    return listen(app.callback());
  },
  'Next route handler': async (options, handle) =>
    listen(
      nextRoute(
        nextWebhook(options, async (event) => {
          const action = await handle(event);
          if (action === 'throw') throw new Error('the handler failed');
          if (action === '5xx') return Response.json({ error: 'try again later' }, { status: 503 });
          return new Response(null, { status: 204 });
        }),
      ),
    ),
  'Fastify 5': async (options, handle) => {
    const app = fastify();
    await app.register(fastifyWebhook, {
      ...options,
      url: '/hook',
      handler: async (event, _request, reply) => {
        const action = await handle(event);
        if (action === 'throw') throw new Error('the handler failed');
        if (action === '5xx') return reply.code(503).send({ error: 'try again later' });
        return reply.code(204).send();
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
  'Hono 4': async (options, handle) => {
    const app = new Hono().post('/hook', honoWebhook(options), async (c) => {
      const action = await handle(c.get('fingerprintWebhookEvent'));
      if (action === 'throw') throw new Error('the handler failed');
      if (action === '5xx') return c.json({ error: 'try again later' }, 503);
      return c.body(null, 204);
    });
    app.onError((_error, c) => c.json({ error: 'handler failed' }, 500));
    return listen(getRequestListener(app.fetch));
  },
  'NestJS 11 (Express)': async (options, handle) => {
    const { startWebhookTarget } = (await import(NEST_TARGET)) as NestWebhookTarget;
    return startWebhookTarget({ options, handle });
  },
};
