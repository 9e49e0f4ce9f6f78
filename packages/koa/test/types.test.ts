import Koa, { type Middleware } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import { fingerprintGuard, type Fingerprint, type FingerprintContext, type FingerprintState } from '../src/index.js';

// Checked by `tsc` (pnpm typecheck); at run time these only have to load.
describe('types', () => {
  it('fingerprintGuard() is a Koa middleware', () => {
    expectTypeOf(fingerprintGuard).returns.toEqualTypeOf<Middleware>();
  });

  it('ctx.state.fingerprint is optional by default and required with FingerprintState', () => {
    const app = new Koa();
    app.use(fingerprintGuard({ fingerprint: { keys: [generateKey()] } }));
    app.use((ctx) => {
      expectTypeOf(ctx.state.fingerprint).toEqualTypeOf<Fingerprint | undefined>();
      ctx.body = { visitor: ctx.state.fingerprint?.visitorId };
    });
    const typed = new Koa<FingerprintState>();
    typed.use((ctx) => {
      expectTypeOf(ctx.state.fingerprint).toEqualTypeOf<Fingerprint>();
    });
    expectTypeOf<FingerprintContext['state']['fingerprint']>().toEqualTypeOf<Fingerprint>();
  });
});
