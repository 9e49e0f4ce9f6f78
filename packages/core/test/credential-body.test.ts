import { describe, expect, it } from 'vitest';
import { credentialBodyKindFor, readCredentialBody } from '../src/adapter/index.js';
import { createFingerprintGuard } from '../src/index.js';
import { generateKey } from './helpers.js';

const key = generateKey();
const post = (headers: Record<string, string>, method = 'POST') =>
  new Request('http://localhost/login', { method, headers: { 'content-type': 'application/json', ...headers } });

describe('credentialBodyKindFor', () => {
  it('spares the body of a request carrying the header the guard reads first, and only that one', () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key], serverApi: { secretKey: 'k' } } });
    expect(credentialBodyKindFor(guard, post({ 'fingerprint-sealed-result': 'abc' }))).toBeUndefined();
    // An empty header is no credential: the guard goes on to its other sources, whose body fields count.
    expect(credentialBodyKindFor(guard, post({ 'fingerprint-sealed-result': '' }))).toBe('json');
    // An event id in a header does not spare it: a sealed result in the body comes first.
    expect(credentialBodyKindFor(guard, post({ 'fingerprint-event-id': 'e1' }))).toBe('json');
    expect(credentialBodyKindFor(guard, post({}))).toBe('json');
    expect(credentialBodyKindFor(guard, post({}, 'GET'))).toBeUndefined();
  });

  it('names the header of the one provider a guard has', () => {
    const cside = createFingerprintGuard({ cside: { apiKey: 'k' } });
    const serverApi = createFingerprintGuard({ fingerprint: { serverApi: { secretKey: 'k' } } });
    expect(credentialBodyKindFor(cside, post({ 'cside-token': 't' }))).toBeUndefined();
    expect(credentialBodyKindFor(cside, post({ 'fingerprint-sealed-result': 'abc' }))).toBe('json');
    expect(credentialBodyKindFor(serverApi, post({ 'fingerprint-event-id': 'e1' }))).toBeUndefined();
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

  it('asks a lazily built guard once it is built, and never builds it itself', async () => {
    let fail = true;
    let builds = 0;
    const lazy = createFingerprintGuard(() => {
      builds++;
      if (fail) throw new Error('FP_SEALED_KEY is not set');
      return { fingerprint: { keys: [key] }, logger: { warn() {}, error() {} } };
    });
    const sealedHeader = post({ 'fingerprint-sealed-result': 'abc' });
    // Not built yet: the body is searched, and the options function is not run (again) to say so.
    expect(credentialBodyKindFor(lazy, sealedHeader)).toBe('json');
    expect(builds).toBe(0);
    await expect(lazy.decide({ headers: {} })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(credentialBodyKindFor(lazy, sealedHeader)).toBe('json');
    expect(builds).toBe(1);
    fail = false;
    await lazy.decide({ headers: {} });
    expect(builds).toBe(2);
    expect(credentialBodyKindFor(lazy, sealedHeader)).toBeUndefined();
    expect(builds).toBe(2);
  });

  it('searches the body of POST, PUT, PATCH and DELETE in any case, and of no other method', () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] } });
    // Fetch upper-cases every method but PATCH; a framework may hand on a method as the client sent it.
    const as = (method: string) =>
      ({ method, headers: new Headers({ 'content-type': 'application/json' }) }) as Request;
    for (const method of ['POST', 'put', 'PATCH', 'patch', 'Delete'])
      expect(credentialBodyKindFor(guard, as(method))).toBe('json');
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'post ', 'POSTS', ''])
      expect(credentialBodyKindFor(guard, as(method))).toBeUndefined();
  });
});

describe('readCredentialBody', () => {
  it('reads a multipart body whose boundary has capitals, as browsers send it', async () => {
    for (const boundary of ['----WebKitFormBoundary7MA4YWxkTrZu0gW', '----webkitformboundary7ma4ywxktrzu0gw']) {
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="sealed_result"\r\n\r\nabc\r\n--${boundary}--\r\n`;
      const request = new Request('http://localhost/login', {
        method: 'POST',
        headers: { 'Content-Type': `Multipart/Form-Data; boundary=${boundary}` },
        body,
      });
      expect(await readCredentialBody(request, 1_048_576)).toEqual({ sealed_result: 'abc' });
    }
  });
});
