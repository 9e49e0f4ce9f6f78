import express, { type Request, type RequestHandler } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import { fingerprintGuard, type Fingerprint, type FingerprintRequest } from '../src/index.js';

// These assertions are checked by `tsc` (pnpm typecheck); at run time they only have to load.
describe('types', () => {
  it('fingerprintGuard() is an ordinary RequestHandler', () => {
    expectTypeOf(fingerprintGuard).returns.toEqualTypeOf<RequestHandler>();
  });

  it('req.fingerprint is optional on every request and required on FingerprintRequest', () => {
    expectTypeOf<Request['fingerprint']>().toEqualTypeOf<Fingerprint | undefined>();
    expectTypeOf<FingerprintRequest['fingerprint']>().toEqualTypeOf<Fingerprint>();
  });

  it('compiles with strict route handlers behind the guard', () => {
    const app = express();
    const guard: RequestHandler = (_req, _res, next) => next();
    app.post('/login', guard, (req, res) => {
      // @ts-expect-error: without the FingerprintRequest type it may be undefined
      req.fingerprint.visitorId;
      res.json({ visitor: req.fingerprint?.visitorId, vpn: req.fingerprint?.signals.vpn });
    });
    app.post('/checkout', (req, res) => {
      const { fingerprint } = req as FingerprintRequest;
      if (fingerprint.provider === 'fingerprint') {
        expectTypeOf(fingerprint.event.identification?.confidence?.score).toEqualTypeOf<number | undefined>();
      } else {
        expectTypeOf(fingerprint.event.created_at).toEqualTypeOf<string | number>();
      }
      res.json({ eventId: fingerprint.eventId });
    });
  });

  it('check() receives the Express request', () => {
    fingerprintGuard({
      fingerprint: { keys: [generateKey()] },
      check: (fingerprint, req) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        return fingerprint.signals.vpn !== true;
      },
    });
  });
});
