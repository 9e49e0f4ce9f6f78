// withFingerprint: the guard and a handler in one. The adapter scenario table runs through it, and
// its own promises: the handler runs only when the guard lets the request through, and a handler
// that rejects reaches the error middleware on Express 4 as on 5.
import express5, { type ErrorRequestHandler } from 'express';
import express4 from 'express4';
import { describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { adapterConformance, describeFingerprint } from '@fingerprint-guard/testing/vitest';
import { createFingerprintGuard, withFingerprint, type ExpressGuardSource } from '../src/index.js';
import { serve } from './server.js';

adapterConformance('Express 5, withFingerprint', async (options, { host }) => {
  const app = express5();
  app.use(express5.json({ limit: '1mb' }), express5.urlencoded({ extended: false }));
  app.post(
    '/login',
    withFingerprint(options as ExpressGuardSource<'enforce' | 'monitor'>, (req, res) => {
      res.json(describeFingerprint(req.fingerprint));
    }),
  );
  const served = await serve(app, host);
  return { url: `${served.url}/login`, close: served.close };
});

const key = generateKey();
const quiet = { warn: vi.fn(), error: vi.fn() };

describe.each([
  ['Express 5', express5],
  ['Express 4', express4 as typeof express5],
] as const)('withFingerprint on %s', (_version, express) => {
  it('runs the handler only for a request the guard lets through, with req.fingerprint set', async () => {
    const handled: string[] = [];
    const app = express();
    app.post(
      '/login',
      express.json(),
      withFingerprint({ fingerprint: { keys: [key] }, logger: quiet }, (req, res) => {
        handled.push(req.fingerprint.eventId);
        res.json({ visitorId: req.fingerprint.visitorId });
      }),
    );
    const served = await serve(app);
    const event = createEvent();
    const post = (body: object) =>
      fetch(`${served.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const allowed = await post({ sealed_result: sealEvent(event, key) });
    expect([allowed.status, await allowed.json()]).toEqual([200, { visitorId: event.identification!.visitor_id }]);
    const denied = await post({});
    expect([denied.status, ((await denied.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'CREDENTIAL_MISSING',
    ]);
    expect(handled).toEqual([event.event_id]);
    await served.close();
  });

  it('hands a rejected handler’s error to the error middleware', async () => {
    const app = express();
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: quiet });
    app.post(
      '/login',
      withFingerprint(guard, async () => {
        throw new Error('the handler failed');
      }),
    );
    const onError: ErrorRequestHandler = (error, _req, res, _next) =>
      void res.status(500).json({ caught: error.message });
    app.use(onError);
    const served = await serve(app);
    const response = await fetch(`${served.url}/login`, {
      method: 'POST',
      headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) },
    });
    expect([response.status, await response.json()]).toEqual([500, { caught: 'the handler failed' }]);
    await served.close();
  });
});
