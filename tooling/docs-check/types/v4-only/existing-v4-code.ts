// Code written for v4 before `formats` existed, in an app that does not declare v3: it must keep
// compiling unchanged. (This program has no AcceptedFingerprintFormats declaration.)
import express from 'express';
import {
  createFingerprintGuard,
  createUnsealer,
  createWebhookReceiver,
  fingerprintGuard,
  fingerprintWebhook,
  type Fingerprint,
  type FingerprintEvent,
  type FingerprintProviderResult,
  type FingerprintRequest,
  type FingerprintWebhookRequest,
} from '@fingerprint-guard/express';
import { fingerprintWebhook as fastifyWebhook } from '@fingerprint-guard/fastify';
import { fingerprintWebhook as honoWebhook } from '@fingerprint-guard/hono';
import { fingerprintWebhook as nextWebhook } from '@fingerprint-guard/next';
import fastify from 'fastify';
import { Hono } from 'hono';

declare const keys: string[]; // the app's sealed-results keys
declare const sealed: string; // a sealed result from a request
declare const secret: string; // the webhook secret
declare function login(event: FingerprintEvent): void;
declare function store(event: FingerprintEvent): Promise<void>;

const server = express();
server.post('/login', express.json(), fingerprintGuard({ fingerprint: { keys } }), (req, res) => {
  const { fingerprint } = req as FingerprintRequest;
  if (fingerprint.provider === 'fingerprint') {
    login(fingerprint.event);
    const visitorId: string | undefined = fingerprint.event.identification?.visitor_id;
    const keyIndex: number | undefined = fingerprint.keyIndex;
    res.json({ visitorId, keyIndex });
  }
});

const eventIdOf = (result: FingerprintProviderResult): string => result.event.event_id;
const botOf = (fingerprint: Fingerprint) =>
  fingerprint.provider === 'fingerprint' ? fingerprint.event.bot : undefined;
createFingerprintGuard({
  fingerprint: { keys },
  check: (fingerprint) => fingerprint.provider !== 'fingerprint' || fingerprint.event.suspect_score === 0,
});
const event: FingerprintEvent = await createUnsealer({ keys }).unseal(sealed);

server.post('/hook', fingerprintWebhook({ secret }), async (req, res) => {
  await store((req as FingerprintWebhookRequest).fingerprintWebhookEvent);
  const id: string | undefined = req.fingerprintWebhookEvent?.event_id;
  res.json({ id });
});
export const POST = nextWebhook({ secret }, async (received: FingerprintEvent) => {
  await store(received);
  return new Response(null, { status: 204 });
});
fastify().register(fastifyWebhook, { secret, url: '/hook', handler: (received: FingerprintEvent) => store(received) });
new Hono().post('/hook', honoWebhook({ secret }), async (c) => {
  await store(c.get('fingerprintWebhookEvent'));
  return c.body(null, 204);
});
await createWebhookReceiver({ secret }).process({ body: '{}', signature: '' }, (received) => store(received));

// Accepting 3.x agents takes the declaration: without it, `formats` cannot list 'v3', so no
// result or webhook event can be a v3 one behind the app's back.
// @ts-expect-error: 'v3' is not declared in AcceptedFingerprintFormats
createFingerprintGuard({ fingerprint: { keys, formats: ['v4', 'v3'] } });
// @ts-expect-error: 'v3' is not declared in AcceptedFingerprintFormats
createWebhookReceiver({ secret, formats: ['v3'] });

export { botOf, event, eventIdOf };
