import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsideClient, type CsideClientOptions } from '../src/index.js';
import { createFakeCside, expectConfigError, expectGuardError } from './helpers.js';

let cside: Awaited<ReturnType<typeof createFakeCside>>;
beforeAll(async () => {
  cside = await createFakeCside();
});
afterAll(() => cside.close());

const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const client = (options: Partial<CsideClientOptions> = {}) =>
  createCsideClient({ apiKey: cside.apiKey, baseUrl: cside.url, retry: fast, ...options });

describe('createCsideClient().verify', () => {
  it('exchanges a token with a Bearer API key and returns the evaluation', async () => {
    const token = cside.issueToken({ evaluation: { bot: { result: 'detected', score: 0.98, signal: ['webdriver'] } } });
    const evaluation = await client().verify(token);
    expect(evaluation).toMatchObject({
      status: 'completed',
      bot: { result: 'detected' },
      created_at: expect.any(String),
    });
    const request = cside.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/token/v2/verify',
      body: { token },
      authorization: `Bearer ${cside.apiKey}`,
    });
  });

  it('polls through 202 pending until 200', async () => {
    const token = cside.issueToken({ pendingRounds: 3 });
    const before = cside.requests.length;
    expect(await client().verify(token)).toMatchObject({ status: 'completed' });
    expect(cside.requests.slice(before).map((r) => r.path)).toEqual(Array(4).fill('/token/v2/verify'));
  });

  it('gives up with PROVIDER_PENDING at maxWait', async () => {
    const token = cside.issueToken({ pendingRounds: 1_000 });
    const started = performance.now();
    const error = await expectGuardError(client({ maxWait: '400ms' }).verify(token), 'PROVIDER_PENDING');
    expect(error.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(400 + 1_500);
  });

  it.each([['a wrong API key', { apiKey: 'wrong' }, 'PROVIDER_AUTH_FAILED', 500]])(
    'maps %s to %s',
    async (_name, options, code, status) => {
      const error = await expectGuardError(client(options).verify(cside.issueToken()), code as 'PROVIDER_AUTH_FAILED');
      expect(error.status).toBe(status);
    },
  );

  it('maps an unknown token to PROVIDER_REJECTED, without retrying', async () => {
    const before = cside.requests.length;
    await expectGuardError(client().verify('fake.never-issued'), 'PROVIDER_REJECTED');
    expect(cside.requests.length - before).toBe(1);
  });

  it('retries 503, 429 (honouring Retry-After), resets and garbage, then succeeds', async () => {
    const token = cside.issueToken();
    cside.failNext({ status: 503 }, { status: 429, retryAfter: 0 }, 'reset');
    expect(await client({ retry: { ...fast, attempts: 4 } }).verify(token)).toMatchObject({ status: 'completed' });
  });

  it('waits as long as Retry-After says', async () => {
    cside.failNext({ status: 429, retryAfter: 1 });
    const started = performance.now();
    await client().verify(cside.issueToken());
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('turns persistent failures into PROVIDER_UNAVAILABLE after its attempts', async () => {
    cside.failNext({ status: 500 }, { status: 502 }, { status: 503 });
    const before = cside.requests.length;
    await expectGuardError(client().verify(cside.issueToken()), 'PROVIDER_UNAVAILABLE');
    expect(cside.requests.length - before).toBe(3);
  });

  it('times out a hanging request and retries it', async () => {
    cside.failNext('hang');
    expect(await client({ timeout: '150ms' }).verify(cside.issueToken())).toMatchObject({ status: 'completed' });
    cside.failNext('hang', 'hang', 'hang');
    const started = performance.now();
    await expectGuardError(client({ timeout: '100ms' }).verify(cside.issueToken()), 'PROVIDER_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('does not retry a 200 whose body is not the documented JSON: PROVIDER_UNAVAILABLE', async () => {
    cside.failNext('malformed');
    await expectGuardError(client().verify(cside.issueToken()), 'PROVIDER_UNAVAILABLE');
  });

  it('gives up when the network is unreachable', async () => {
    const unreachable = createCsideClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', retry: fast, maxWait: '1s' });
    await expectGuardError(unreachable.verify('t'), 'PROVIDER_UNAVAILABLE');
  });

  it('never shows the API key in an error', async () => {
    const apiKey = 'sk_live_do-not-leak-0123456789';
    const errors = [
      await expectGuardError(
        createCsideClient({ apiKey, baseUrl: cside.url, retry: false }).verify(cside.issueToken()),
        'PROVIDER_AUTH_FAILED',
      ),
      await expectGuardError(
        createCsideClient({ apiKey, baseUrl: 'http://127.0.0.1:9', retry: false }).verify('t'),
        'PROVIDER_UNAVAILABLE',
      ),
    ];
    cside.failNext({ status: 500, body: 'internal error' });
    errors.push(
      await expectGuardError(
        createCsideClient({ apiKey, baseUrl: cside.url, retry: false }).verify(cside.issueToken()),
        'PROVIDER_UNAVAILABLE',
      ),
    );
    for (const error of errors) {
      expect(
        `${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: 10, showHidden: true })}`,
      ).not.toContain(apiKey);
    }
  });
});

describe('createCsideClient: device entries', () => {
  it('returns one page with limit and offset, defaulting to 500', async () => {
    const token = cside.issueToken({ deviceEntries: 7 });
    const page = await client().deviceEntries(token, { limit: 3, offset: 2 });
    expect(page).toMatchObject({ entries: expect.any(Array), has_more: true, next_offset: 5 });
    expect(page.entries).toHaveLength(3);
    await client().deviceEntries(token);
    expect(cside.requests.at(-1)!.body).toEqual({ token, limit: 500, offset: 0 });
  });

  it('iterates every entry across pages', async () => {
    const token = cside.issueToken({ deviceEntries: 11 });
    const entries = [];
    for await (const entry of client().allDeviceEntries(token, { pageSize: 4 })) entries.push(entry);
    expect(entries).toHaveLength(11);
    expect(cside.requests.slice(-3).map((r) => (r.body as { offset: number }).offset)).toEqual([0, 4, 8]);
  });

  it('refuses a limit above cside’s cap of 500 with a clear error instead of clamping it', async () => {
    const error = await client()
      .deviceEntries(cside.issueToken(), { limit: 501 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('1 to 500') });
  });
});

describe('createCsideClient: public lookups', () => {
  it('clientResponse returns the /token/v1/client payload, without the API key', async () => {
    const response = await client().clientResponse(cside.issueToken());
    expect(response).toMatchObject({
      event_id: expect.any(String),
      identification: { visitor_id: expect.any(String) },
      bot: { result: 'not_detected' },
    });
    expect(cside.requests.at(-1)).toMatchObject({ path: '/token/v1/client', authorization: undefined });
  });

  it('clientId returns the plain-text id, and null on 404', async () => {
    expect(await client().clientId(cside.issueToken({ deviceId: 'dev_stable_1' }))).toBe('dev_stable_1');
    expect(await client().clientId(cside.issueToken({ hasClientId: false }))).toBeNull();
  });
});

describe('createCsideClient: configuration', () => {
  it.each([
    ['no apiKey', {}],
    ['an empty apiKey', { apiKey: '' }],
    ['a bad baseUrl', { apiKey: 'k', baseUrl: 'not a url' }],
    ['a bad maxWait', { apiKey: 'k', maxWait: 'forever' }],
    ['zero attempts', { apiKey: 'k', retry: { attempts: 0 } }],
  ])('throws CONFIG_INVALID for %s', (_name, options) => {
    expectConfigError(() => createCsideClient(options as never));
  });
});
