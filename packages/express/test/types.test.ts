import express, { type Request, type RequestHandler } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import {
  createFingerprintGuard,
  fingerprintGuard,
  withFingerprint,
  type Fingerprint,
  type FingerprintRequest,
} from '../src/index.js';

// These assertions are checked by `tsc` (pnpm typecheck) against @types/express 5 and, with
// tsconfig.express4.json, @types/express 4; at run time they only have to load.
const keys = [generateKey()];

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

  it('withFingerprint hands its handler req.fingerprint, typed as set, with no cast', () => {
    const app = express();
    const guard = createFingerprintGuard<Request>({ fingerprint: { keys } });
    app.post(
      '/login',
      express.json(),
      withFingerprint(guard, (req, res) => {
        expectTypeOf(req.fingerprint).toEqualTypeOf<Fingerprint>();
        res.json({ visitorId: req.fingerprint.visitorId });
      }),
    );
    app.post(
      '/orders/:id',
      withFingerprint({ fingerprint: { keys }, deny: { bot: true }, forwardErrors: true }, async (req, res) => {
        res.json({ order: req.params.id, eventId: req.fingerprint.eventId });
      }),
    );
    app.get(
      '/lazy',
      withFingerprint(
        () => ({ fingerprint: { keys } }),
        (req, res, next) => {
          if (req.fingerprint.signals.vpn) return next();
          res.json({ ok: true });
        },
      ),
    );
    const router = express.Router();
    router.get(
      '/me',
      withFingerprint(guard, (req, res) => res.json(req.fingerprint.signals)),
    );
    app.use(router);
  });

  it('withFingerprint says undefined where the result may be missing: monitor mode', () => {
    const app = express();
    const monitor = (req: Request & { fingerprint: Fingerprint | undefined }) => req.fingerprint?.visitorId;
    app.post(
      '/watch',
      withFingerprint({ fingerprint: { keys }, mode: 'monitor' }, (req, res) => {
        expectTypeOf(req.fingerprint).toEqualTypeOf<Fingerprint | undefined>();
        // @ts-expect-error: in monitor mode a request may carry no valid credential
        req.fingerprint.visitorId;
        res.json({ visitorId: monitor(req) });
      }),
    );
    const watching = createFingerprintGuard<Request, 'monitor'>({ fingerprint: { keys }, mode: 'monitor' });
    app.post(
      '/watch-too',
      withFingerprint(watching, (req, res) => {
        expectTypeOf(req.fingerprint).toEqualTypeOf<Fingerprint | undefined>();
        res.end();
      }),
    );
  });

  it('check() receives the Express request', () => {
    fingerprintGuard({
      fingerprint: { keys },
      check: (fingerprint, req) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        return fingerprint.signals.vpn !== true;
      },
    });
  });
});
