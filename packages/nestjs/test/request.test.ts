// How the guard marks a request it ran on: one own property on it (each one set on an Express
// request gives it a hidden class of its own), and a mark other code cannot set by accident.
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { describe, expect, it } from 'vitest';
import { createFingerprintGuard, type Fingerprint } from '../src/index.js';
import { markGuarded, wasGuarded, type PlatformRequest } from '../src/request.js';

const key = generateKey();
const guard = createFingerprintGuard({ fingerprint: { keys: [key] } });
const verified = () => guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } });
const request = () => ({ headers: {} }) as PlatformRequest;

describe('markGuarded', () => {
  it('sets one own property on the request: the result when there is one, else the mark', async () => {
    const withResult = request();
    const fingerprint = await verified();
    markGuarded(withResult, fingerprint);
    expect(Reflect.ownKeys(withResult)).toEqual(['headers', 'fingerprint']);
    expect(withResult.fingerprint).toBe(fingerprint);
    expect(wasGuarded(withResult)).toBe(true);

    const withoutResult = request();
    markGuarded(withoutResult, undefined);
    expect(Reflect.ownKeys(withoutResult)).toHaveLength(2);
    expect(withoutResult.fingerprint).toBeUndefined();
    expect(wasGuarded(withoutResult)).toBe(true);
  });

  it('a result other code put on the request is not the guard’s, even a real one', async () => {
    const forged = request();
    forged.fingerprint = { visitorId: 'forged' } as Fingerprint;
    expect(wasGuarded(forged)).toBe(false);
    const copied = request();
    copied.fingerprint = await verified();
    expect(wasGuarded(copied)).toBe(false);
    expect(wasGuarded(request())).toBe(false);
  });
});
