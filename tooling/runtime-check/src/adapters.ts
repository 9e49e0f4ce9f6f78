/** Hono on the runtime's own server, and Express on its node:http, both through the story. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import {
  fingerprintGuard as expressGuard,
  fingerprintWebhook as expressWebhook,
  type FingerprintRequest,
} from '@fingerprint-guard/express';
import { fingerprintGuard as honoGuard, fingerprintWebhook as honoWebhook } from '@fingerprint-guard/hono';
import { serveFetch } from './serve.ts';
import { httpStory, KEY, WEBHOOK_SECRET } from './story.ts';

export async function honoChecks(runtime: string): Promise<void> {
  const app = new Hono()
    .post('/login', honoGuard({ fingerprint: { keys: [KEY] } }), (c) =>
      c.json({ visitorId: c.get('fingerprint').visitorId }),
    )
    .post('/webhook', honoWebhook({ secret: WEBHOOK_SECRET }), (c) => c.body(null, 204));
  const served = await serveFetch(app.fetch);
  try {
    await httpStory(`Hono on ${runtime}'s own server`, served.url);
  } finally {
    await served.close();
  }
}

export async function expressChecks(runtime: string): Promise<void> {
  const app = express();
  app.post('/login', expressGuard({ fingerprint: { keys: [KEY] } }), (req, res) => {
    res.json({ visitorId: (req as FingerprintRequest).fingerprint.visitorId });
  });
  app.post('/webhook', expressWebhook({ secret: WEBHOOK_SECRET }), (_req, res) => {
    res.sendStatus(204);
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await httpStory(
      `Express 5 on ${runtime}'s node:http`,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
