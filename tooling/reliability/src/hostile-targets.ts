/** The apps the hostile-HTTP barrage runs against: one guarded login per adapter, on servers that bound slow requests. */
import { createServer, type RequestListener, type Server } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import express from 'express';
import fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { fingerprintGuard as expressGuard } from '@fingerprint-guard/express';
import { fingerprintGuard as fastifyGuard } from '@fingerprint-guard/fastify';
import { clientIpFromConnInfo, fingerprintGuard as honoGuard } from '@fingerprint-guard/hono';
import { fingerprintGuard as koaGuard } from '@fingerprint-guard/koa';
import { withFingerprint } from '@fingerprint-guard/next';
import type { scanningLogger } from './secrets.js';

const REQUEST_TIMEOUT_MS = 1_500;

/** How a production server should bound slow requests: checked twice a second, not every 30 s. */
const serve = (listener: RequestListener) =>
  createServer({ requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 500 }, listener);

export interface Target {
  adapter: string;
  start(
    key: string,
    onHandler: () => void,
    logger: ReturnType<typeof scanningLogger>['logger'],
  ): Server | Promise<Server>;
}

/**
 * NestJS and its adapter are dependencies of packages/nestjs, not of this package: the NestJS
 * app lives there (test/hostile-target.ts) and is loaded from source, with `serve` for its server.
 */
interface NestHostileTarget {
  startHostileTarget(options: {
    platform: 'express' | 'fastify';
    key: string;
    onHandler: () => void;
    logger: ReturnType<typeof scanningLogger>['logger'];
    serve: (listener: RequestListener) => Server;
  }): Promise<Server>;
}
const NEST_TARGET = new URL('../../../packages/nestjs/test/hostile-target.ts', import.meta.url).href;
const nestTarget = (platform: 'express' | 'fastify'): Target => ({
  adapter: `nestjs 11 (${platform})`,
  async start(key, onHandler, logger) {
    const { startHostileTarget } = (await import(NEST_TARGET)) as NestHostileTarget;
    return startHostileTarget({ platform, key, onHandler, logger, serve });
  },
});

export const targets: Target[] = [
  {
    adapter: 'express 5',
    start(key, onHandler, logger) {
      const app = express();
      app.post(
        '/login',
        express.json({ limit: '100kb' }),
        expressGuard({ fingerprint: { keys: [key] }, logger }),
        (_req, res) => {
          onHandler();
          res.json({ ok: true });
        },
      );
      // As an app would: body-parser's errors (413, 400) answered as JSON, not as a stack trace.
      app.use(((error, _req, res, _next) => {
        const { status = 500, type = 'error' } = error as { status?: number; type?: string };
        res.status(status).json({ error: { code: `BODY_PARSER_${type}` } });
      }) as express.ErrorRequestHandler);
      return serve(app);
    },
  },
  {
    adapter: 'koa 3',
    start(key, onHandler, logger) {
      const app = new Koa();
      app.silent = true;
      app.use(bodyParser({ jsonLimit: '100kb' }));
      app.use(koaGuard({ fingerprint: { keys: [key] }, logger }));
      app.use((ctx) => {
        onHandler();
        ctx.body = { ok: true };
      });
      return serve(app.callback());
    },
  },
  {
    adapter: 'next route handler',
    start(key, onHandler, logger) {
      const handler = withFingerprint({ fingerprint: { keys: [key] }, logger }, async () => {
        onHandler();
        return Response.json({ ok: true });
      });
      // The Node bridge a Next server provides: a Web Request in, a Web Response out.
      return serve(async (req, res) => {
        const chunks: Buffer[] = [];
        try {
          for await (const chunk of req) chunks.push(chunk as Buffer);
        } catch {
          return res.destroy();
        }
        const headers = new Headers();
        for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
        const response = await handler(
          new Request(`http://127.0.0.1${req.url}`, {
            method: req.method,
            headers,
            body: new Uint8Array(Buffer.concat(chunks)),
          }),
          {
            params: Promise.resolve({}),
          },
        );
        const payload = Buffer.from(await response.arrayBuffer());
        res.writeHead(response.status, {
          'content-type': response.headers.get('content-type') ?? 'text/plain',
          'content-length': payload.length,
        });
        res.end(payload);
      });
    },
  },
  {
    adapter: 'fastify 5',
    start(key, onHandler, logger) {
      // Fastify's own server, with the same time-outs; its JSON parser (and its 100 KB limit) first, as an app has.
      const app = fastify({
        bodyLimit: 100 * 1024,
        serverFactory: (handler) => serve((req, res) => void ready.then(() => handler(req, res))),
      });
      app.post('/login', { preHandler: fastifyGuard({ fingerprint: { keys: [key] }, logger }) }, async () => {
        onHandler();
        return { ok: true };
      });
      const ready = app.ready();
      return app.server;
    },
  },
  {
    adapter: 'hono 4 (node-server)',
    start(key, onHandler, logger) {
      // The guard reads JSON and form bodies itself (up to 1 MiB); the socket's address is the client IP.
      const app = new Hono().post(
        '/login',
        honoGuard({ fingerprint: { keys: [key] }, clientIp: clientIpFromConnInfo(getConnInfo), logger }),
        (c) => {
          onHandler();
          return c.json({ ok: true });
        },
      );
      return serve(getRequestListener(app.fetch));
    },
  },
  nestTarget('express'),
  nestTarget('fastify'),
];
