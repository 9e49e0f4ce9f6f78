// One guarded route and one webhook per published package, as a user wires them: each scenario
// gets the package (ESM or CommonJS build), answers `login(headers)` and `webhook(body, signature)`
// with HTTP statuses, and closes. Frameworks and drivers come from the registry.
import { randomUUID } from 'node:crypto';

const json = { 'content-type': 'application/json' };

/** A scenario over real HTTP on 127.0.0.1: POST /login and POST /webhook. */
function overHttp(url, close) {
  const post = (path, headers, body) =>
    fetch(`${url}${path}`, { method: 'POST', headers, body }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    });
  return {
    login: (headers) => post('/login', headers),
    webhook: (body, signature) => post('/webhook', { ...json, 'fpjs-event-signature': signature }, body),
    close,
  };
}

/** Listens on an ephemeral port of 127.0.0.1 with a node:http server `listen` makes. */
async function listenNode(listen) {
  const server = await new Promise((resolve) => {
    const created = listen(0, '127.0.0.1', () => resolve(created));
  });
  const close = () => new Promise((resolve) => server.close(resolve));
  return overHttp(`http://127.0.0.1:${server.address().port}`, close);
}

/** The framework-free core: `guard.decide` and `createWebhookReceiver`, on a given replay store or the default. */
function direct(core, options, secret, replay = {}) {
  const guard = core.createFingerprintGuard({ ...options, ...replay });
  const receiver = core.createWebhookReceiver({ secret, ...replay });
  return {
    async login(headers) {
      const decision = await guard.decide({ headers });
      return decision.allowed ? 200 : decision.error.status;
    },
    async webhook(body, signature) {
      try {
        const outcome = await receiver.process({ body: new TextEncoder().encode(body), signature }, async () => {});
        return outcome.duplicate ? 200 : 204;
      } catch (error) {
        return error.status;
      }
    },
    close: async () => {},
  };
}

const defaultExport = (module) => module.default ?? module;

export const SCENARIOS = {
  core: async ({ pkg, options, secret }) => direct(pkg, options, secret),

  redis: async ({ pkg, load, options, secret }) => {
    const { createClient } = await import('redis');
    const client = await createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' }).connect();
    const store = pkg.createRedisReplayStore({ client, prefix: `pack-check:${randomUUID()}:` });
    const scenario = direct(await load('@fingerprint-guard/core'), options, secret, { replay: { store } });
    return { ...scenario, close: () => client.quit() };
  },

  // Upstash's REST protocol from the packed testing package, over the Redis at REDIS_URL.
  upstash: async ({ pkg, load, options, secret }) => {
    const { Redis } = await import('@upstash/redis');
    const server = await (await load('@fingerprint-guard/testing')).createUpstashRestServer();
    const client = new Redis({ url: server.url, token: server.token });
    const store = pkg.createUpstashReplayStore({ client, prefix: `pack-check:${randomUUID()}:` });
    const scenario = direct(await load('@fingerprint-guard/core'), options, secret, { replay: { store } });
    return { ...scenario, close: () => server.close() };
  },

  postgres: async ({ pkg, load, options, secret }) => {
    const pg = defaultExport(await import('pg'));
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    });
    const table = `pack_check_${randomUUID().replaceAll('-', '')}`;
    const store = pkg.createPostgresReplayStore({ client: pool, table });
    await store.createSchema();
    const scenario = direct(await load('@fingerprint-guard/core'), options, secret, { replay: { store } });
    const close = async () => {
      await pool.query(`DROP TABLE IF EXISTS "${table}"`);
      await pool.end();
    };
    return { ...scenario, close };
  },

  express: async ({ pkg, options, secret }) => {
    const express = defaultExport(await import('express'));
    const app = express();
    app.post('/login', pkg.fingerprintGuard(options), (req, res) => res.json({ visitorId: req.fingerprint.visitorId }));
    app.post('/webhook', pkg.fingerprintWebhook({ secret }), (_req, res) => res.sendStatus(204));
    return listenNode(app.listen.bind(app));
  },

  koa: async ({ pkg, options, secret }) => {
    const Koa = defaultExport(await import('koa'));
    const [guard, webhook] = [pkg.fingerprintGuard(options), pkg.fingerprintWebhook({ secret })];
    const app = new Koa();
    app.use((ctx) =>
      ctx.path === '/webhook'
        ? webhook(ctx, async () => {
            ctx.status = 204;
          })
        : guard(ctx, async () => {
            ctx.body = { visitorId: ctx.state.fingerprint.visitorId };
          }),
    );
    return listenNode(app.listen.bind(app));
  },

  fastify: async ({ pkg, options, secret }) => {
    const app = defaultExport(await import('fastify'))();
    app.post('/login', { preHandler: pkg.fingerprintGuard(options) }, async (request) => ({
      visitorId: request.fingerprint.visitorId,
    }));
    await app.register(pkg.fingerprintWebhook, {
      secret,
      url: '/webhook',
      handler: async (_event, _request, reply) => reply.code(204).send(),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return overHttp(`http://127.0.0.1:${app.server.address().port}`, () => app.close());
  },

  hono: async ({ pkg, options, secret }) => {
    const [{ Hono }, { serve }] = await Promise.all([import('hono'), import('@hono/node-server')]);
    const app = new Hono()
      .post('/login', pkg.fingerprintGuard(options), (c) => c.json({ visitorId: c.get('fingerprint').visitorId }))
      .post('/webhook', pkg.fingerprintWebhook({ secret }), (c) => c.body(null, 204));
    return listenNode((port, hostname, ready) => serve({ fetch: app.fetch, port, hostname }, ready));
  },

  nestjs: async ({ pkg, loadOther, options, secret }) => {
    await import('reflect-metadata');
    const { Controller, HttpCode, Module, Post, UseGuards, UseInterceptors } = await import('@nestjs/common');
    const { NestFactory } = await import('@nestjs/core');
    // Plain JavaScript: the decorators TypeScript would emit, applied with Reflect.decorate.
    class AppController {
      login(fingerprint) {
        return { visitorId: fingerprint.visitorId };
      }
      receive() {}
    }
    const decorate = (method, decorators) =>
      Reflect.decorate(
        decorators,
        AppController.prototype,
        method,
        Object.getOwnPropertyDescriptor(AppController.prototype, method),
      );
    decorate('login', [Post('login'), HttpCode(200), UseGuards(pkg.FingerprintGuard)]);
    // `@Fingerprint()` from the other build: the guard's record of the requests it judged is one per
    // process, so the decorator of either build hands the route the guard's result.
    const other = await loadOther('@fingerprint-guard/nestjs');
    other.Fingerprint()(AppController.prototype, 'login', 0);
    decorate('receive', [Post('webhook'), HttpCode(204), UseInterceptors(pkg.fingerprintWebhook({ secret }))]);
    pkg.FingerprintWebhookEvent()(AppController.prototype, 'receive', 0);
    Reflect.decorate([Controller()], AppController);
    class AppModule {}
    Reflect.decorate(
      [Module({ imports: [pkg.FingerprintGuardModule.forRoot(options)], controllers: [AppController] })],
      AppModule,
    );
    const app = await NestFactory.create(AppModule, { logger: ['error'], rawBody: true });
    await app.listen(0, '127.0.0.1');
    return overHttp(`http://127.0.0.1:${app.getHttpServer().address().port}`, () => app.close());
  },

  next: async ({ pkg, options, secret }) => {
    const guarded = pkg.withFingerprint(options, async (_request, { fingerprint }) =>
      Response.json({ visitorId: fingerprint.visitorId }),
    );
    const hook = pkg.fingerprintWebhook({ secret }, async () => new Response(null, { status: 204 }));
    // A route handler is called with a Web Request and its context, as Next calls it.
    const call = async (handler, init) =>
      (await handler(new Request('http://app.test/', { method: 'POST', ...init }), { params: Promise.resolve({}) }))
        .status;
    return {
      login: (headers) => call(guarded, { headers }),
      webhook: (body, signature) => call(hook, { headers: { ...json, 'fpjs-event-signature': signature }, body }),
      close: async () => {},
    };
  },
};
