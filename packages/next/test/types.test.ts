import { describe, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import { createFingerprintGuard, withFingerprint, type Fingerprint } from '../src/index.js';

// Checked by `tsc` (pnpm typecheck); the real Next type check of route exports is `next build` of examples/next.
describe('types', () => {
  const keys = [generateKey()];

  it('the handler’s fingerprint is always set in enforce mode and may be missing in monitor mode', () => {
    withFingerprint({ fingerprint: { keys } }, async (_request, { fingerprint }) => {
      expectTypeOf(fingerprint).toEqualTypeOf<Fingerprint>();
      return Response.json({});
    });
    withFingerprint({ fingerprint: { keys }, mode: 'monitor' }, async (_request, { fingerprint }) => {
      expectTypeOf(fingerprint).toEqualTypeOf<Fingerprint | undefined>();
      return Response.json({});
    });
    const monitoring = createFingerprintGuard<Request, 'monitor'>({ fingerprint: { keys }, mode: 'monitor' });
    withFingerprint(monitoring, async (_request, { fingerprint }) => {
      expectTypeOf(fingerprint).toEqualTypeOf<Fingerprint | undefined>();
      return Response.json({});
    });
  });

  it('returns a route handler: (request, { params: Promise<Params> }) => Promise<Response>', () => {
    const POST = withFingerprint<Request, { id: string }>({ fingerprint: { keys } }, async (_request, { params }) => {
      expectTypeOf(params).toEqualTypeOf<Promise<{ id: string }>>();
      return Response.json({});
    });
    expectTypeOf(POST).toEqualTypeOf<
      (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>
    >();
  });
});
