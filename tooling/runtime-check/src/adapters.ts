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
import { fingerprintGuard as honoGuard, fingerprintWebhook as honoWebhook, ipFrom } from '@fingerprint-guard/hono';
import { createEvent, sealEvent } from '@fingerprint-guard/testing';
import { check, equal } from './harness.ts';
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

/** `ipFrom` presets on Hono see the connecting address the runtime's server reports (Bun's requestIP, Deno's remoteAddr). */
export async function honoPeerChecks(runtime: string): Promise<void> {
  const behind = (trustedProxies: string[]) =>
    honoGuard({ fingerprint: { keys: [KEY] }, bind: { ip: true }, clientIp: ipFrom.forwardedFor({ trustedProxies }) });
  const app = new Hono()
    .post('/trusted', behind(['127.0.0.0/8', '::1/128']), (c) => c.text('ok'))
    .post('/untrusted', behind(['10.0.0.0/8']), (c) => c.text('ok'));
  const served = await serveFetch(app.fetch);
  const post = async (path: string, eventIp: string) => {
    const sealed = sealEvent(createEvent({ ip_address: eventIp }), KEY);
    const headers = { 'fingerprint-sealed-result': sealed, 'x-forwarded-for': '198.51.100.7' };
    const response = await fetch(`${served.url}${path}`, { method: 'POST', headers });
    await response.arrayBuffer();
    return response.status;
  };
  try {
    await check(`Hono on ${runtime}'s own server: X-Forwarded-For is read from a trusted peer only`, async () => {
      const statuses = [
        await post('/trusted', '198.51.100.7'),
        await post('/untrusted', '198.51.100.7'),
        await post('/untrusted', '127.0.0.1'),
      ];
      equal(statuses, [200, 403, 200], 'statuses');
    });
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
