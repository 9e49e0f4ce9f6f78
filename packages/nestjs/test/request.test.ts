// How the guard records a request it judged: no property of its own on it (each one set on an
// Express request gives it a hidden class of its own), and nothing other code can copy or reuse.
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { describe, expect, it } from 'vitest';
import { createFingerprintGuard, type Fingerprint } from '../src/index.js';
import { markGuarded, wasGuarded, type PlatformRequest } from '../src/request.js';

const key = generateKey();
const guard = createFingerprintGuard({ fingerprint: { keys: [key] } });
const verified = () => guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } });
const request = () => ({ headers: {} }) as PlatformRequest;

describe('markGuarded', () => {
  it('sets the result on the request and nothing else, nor anything on the result', async () => {
    const withResult = request();
    const fingerprint = await verified();
    const resultKeys = Reflect.ownKeys(fingerprint);
    markGuarded(withResult, fingerprint);
    expect(Reflect.ownKeys(withResult)).toEqual(['headers', 'fingerprint']);
    expect(Reflect.ownKeys(fingerprint)).toEqual(resultKeys);
    expect(withResult.fingerprint).toBe(fingerprint);
    expect(wasGuarded(withResult)).toBe(true);

    const withoutResult = request();
    markGuarded(withoutResult, undefined);
    expect(Reflect.ownKeys(withoutResult)).toEqual(['headers']);
    expect(wasGuarded(withoutResult)).toBe(true);
  });

  it('a result other code put on the request is not the guard’s: forged, copied, or another request’s', async () => {
    const forged = request();
    forged.fingerprint = { visitorId: 'forged' } as Fingerprint;
    expect(wasGuarded(forged)).toBe(false);

    const first = request();
    const fingerprint = await verified();
    markGuarded(first, fingerprint);
    const reused = request();
    reused.fingerprint = fingerprint;
    expect(wasGuarded(reused)).toBe(false);
    const spread = request();
    spread.fingerprint = { ...fingerprint };
    expect(wasGuarded(spread)).toBe(false);
    // Replaced on the guarded request itself, after the guard ran.
    first.fingerprint = { ...fingerprint };
    expect(wasGuarded(first)).toBe(false);
    expect(wasGuarded(request())).toBe(false);
  });

  it('a second guard that finds no result does not hide the first one’s', async () => {
    const twice = request();
    const fingerprint = await verified();
    markGuarded(twice, fingerprint);
    markGuarded(twice, undefined);
    expect(wasGuarded(twice)).toBe(true);
    expect(twice.fingerprint).toBe(fingerprint);
  });
});
