// withFingerprint: the guard's hook and a handler as one route's options, through the adapter
// scenario table on Fastify 5, and on Fastify 4 the handler runs only for what the guard lets through.
import fastify5 from 'fastify';
import fastify4 from 'fastify4';
import { describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { withFingerprint, type FastifyGuardSource } from '../src/index.js';
import { serve } from './server.js';

adapterConformance('Fastify 5, withFingerprint', async (options, { host }) => {
  const app = fastify5();
  app.post(
    '/login',
    withFingerprint(options as FastifyGuardSource<'enforce' | 'monitor'>, async (request) =>
      describeFingerprint(request.fingerprint),
    ),
  );
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});

describe.each([
  ['Fastify 5', fastify5],
  ['Fastify 4', fastify4 as unknown as typeof fastify5],
] as const)('withFingerprint on %s', (_version, fastify) => {
  it('runs the handler only for a request the guard lets through, with request.fingerprint set', async () => {
    const key = generateKey();
    const handled: string[] = [];
    const app = fastify();
    app.post(
      '/login',
      withFingerprint({ fingerprint: { keys: [key] }, logger: { warn: vi.fn(), error: vi.fn() } }, async (request) => {
        handled.push(request.fingerprint.eventId);
        return { visitorId: request.fingerprint.visitorId };
      }),
    );
    const served = await serve(app);
    const event = createEvent();
    const allowed = await fetch(`${served.url}/login`, {
      method: 'POST',
      headers: { 'fingerprint-sealed-result': sealEvent(event, key) },
    });
    expect([allowed.status, await allowed.json()]).toEqual([200, { visitorId: event.identification!.visitor_id }]);
    const denied = await fetch(`${served.url}/login`, { method: 'POST' });
    expect(denied.status).toBe(401);
    expect(handled).toEqual([event.event_id]);
    await served.close();
  });
});
