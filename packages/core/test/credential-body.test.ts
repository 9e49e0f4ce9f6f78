import { describe, expect, it } from 'vitest';
import { credentialBodyKindFor } from '../src/adapter/index.js';
import { createFingerprintGuard } from '../src/index.js';
import { generateKey } from './helpers.js';

const key = generateKey();
const post = (headers: Record<string, string>, method = 'POST') =>
  new Request('http://localhost/login', { method, headers: { 'content-type': 'application/json', ...headers } });

describe('credentialBodyKindFor', () => {
  it('spares the body of a request carrying the header the guard reads first, and only that one', () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key], serverApi: { secretKey: 'k' } } });
    expect(credentialBodyKindFor(guard, post({ 'fingerprint-sealed-result': 'abc' }))).toBeUndefined();
    // Empty is absent to the guard, which then looks in the body.
    expect(credentialBodyKindFor(guard, post({ 'fingerprint-sealed-result': '' }))).toBe('json');
    // An event id in a header does not spare it: a sealed result in the body comes first.
    expect(credentialBodyKindFor(guard, post({ 'fingerprint-event-id': 'e1' }))).toBe('json');
    expect(credentialBodyKindFor(guard, post({}))).toBe('json');
    expect(credentialBodyKindFor(guard, post({}, 'GET'))).toBeUndefined();
  });

  it('searches the body as before for a guard that does not name its header', () => {
    const withGetCredential = createFingerprintGuard({
      fingerprint: { keys: [key] },
      getCredential: () => undefined,
    });
    const ofYourOwn = {
      mode: 'enforce' as const,
      decide: async () => ({}) as never,
      verify: async () => ({}) as never,
    };
    const sealedHeader = post({ 'fingerprint-sealed-result': 'abc' });
    expect(credentialBodyKindFor(withGetCredential, sealedHeader)).toBe('json');
    expect(credentialBodyKindFor(ofYourOwn, sealedHeader)).toBe('json');
  });

  it('asks a lazily built guard, and reads the body while it cannot be built', () => {
    let fail = true;
    const lazy = createFingerprintGuard(() => {
      if (fail) throw new Error('FP_SEALED_KEY is not set');
      return { fingerprint: { keys: [key] } };
    });
    const sealedHeader = post({ 'fingerprint-sealed-result': 'abc' });
    expect(credentialBodyKindFor(lazy, sealedHeader)).toBe('json');
    fail = false;
    expect(credentialBodyKindFor(lazy, sealedHeader)).toBeUndefined();
  });
});
