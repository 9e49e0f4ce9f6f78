import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  createServerApiV3Client,
  MemoryReplayStore,
  SERVER_API_V3_REGIONS,
  type Duration,
  type FingerprintGuardOptions,
} from '../src/index.js';
import {
  createEventV3,
  createFakeFingerprintApi,
  expectConfigError,
  expectGuardError,
  generateKey,
  sealEvent,
} from './helpers.js';

let api: Awaited<ReturnType<typeof createFakeFingerprintApi>>;
beforeAll(async () => {
  api = await createFakeFingerprintApi();
});
afterAll(() => api.close());

const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const client = (secretKey = api.secretKey, timeout: Duration = '5s') =>
  createServerApiV3Client({ secretKey, baseUrl: api.baseUrlV3, retry: fast, timeout });
const requestIdOf = (event: ReturnType<typeof createEventV3>) => event.products.identification!.data!.requestId;

describe('createServerApiV3Client().getEvent', () => {
  it('fetches GET /events/{request_id} with the secret key in Auth-API-Key, never in the URL or Authorization', async () => {
    const event = createEventV3();
    const requestId = api.addEvent(event);
    expect(await client().getEvent(requestId)).toStrictEqual(event);
    const sent = api.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'GET', path: `/events/${requestId}`, apiKey: api.secretKey });
    expect(sent.authorization).toBeUndefined();
  });

  it('validates the request id before any request goes out', async () => {
    const before = api.requests.length;
    for (const id of ['', '../admin', '1708102555327', 'Px6VxbRC6WBkA39yeNH3', '1708102555327.NLOjmg/x']) {
      await expectGuardError(client().getEvent(id), 'PROVIDER_REJECTED');
    }
    expect(api.requests.length).toBe(before);
  });

  it('maps 404 to PROVIDER_REJECTED, and a 403 to PROVIDER_AUTH_FAILED saying what the v3 code means', async () => {
    await expectGuardError(client().getEvent('1708102555327.AAAAAA'), 'PROVIDER_REJECTED');
    const error = await expectGuardError(client('wrong-key').getEvent('1708102555327.AAAAAA'), 'PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('TokenNotFound');
    expect(error.message).not.toContain('wrong-key');
    api.failNext({ status: 403, body: JSON.stringify({ error: { code: 'WrongRegion', message: 'wrong region' } }) });
    expect(
      (await expectGuardError(client().getEvent('1708102555327.AAAAAA'), 'PROVIDER_AUTH_FAILED')).message,
    ).toContain('serverApi.region');
  });

  it('retries 5xx and a 429 whose Retry-After fits, and gives up as PROVIDER_UNAVAILABLE', async () => {
    const event = createEventV3();
    const requestId = api.addEvent(event);
    api.failNext({ status: 502 }, { status: 429, retryAfter: 0 });
    expect(requestIdOf(await client().getEvent(requestId))).toBe(requestId);
    api.failNext({ status: 503 }, { status: 503 }, { status: 503 });
    await expectGuardError(client().getEvent(requestId), 'PROVIDER_UNAVAILABLE');
    api.failNext({ status: 429, retryAfter: 3600 });
    await expectGuardError(client().getEvent(requestId), 'PROVIDER_UNAVAILABLE');
  });

  it('times out a hanging answer, and refuses a malformed one, one for another id, or a failed identification', async () => {
    const event = createEventV3();
    const requestId = api.addEvent(event);
    api.failNext('hang', 'hang', 'hang');
    await expectGuardError(client(api.secretKey, '50ms').getEvent(requestId), 'PROVIDER_UNAVAILABLE');
    api.failNext('malformed');
    await expectGuardError(client().getEvent(requestId), 'PROVIDER_UNAVAILABLE');
    const failed = createEventV3();
    const failedId = api.addEvent(failed);
    failed.products.identification = { error: { code: 'Failed', message: 'internal server error' } };
    const error = await expectGuardError(client().getEvent(failedId), 'PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('identification failed (Failed)');
    const other = createEventV3();
    const otherId = api.addEvent(other);
    other.products.identification!.data!.requestId = '1708102555327.AAAAAA';
    await expectGuardError(client().getEvent(otherId), 'PROVIDER_UNAVAILABLE');
  });

  it('knows the three v3 hosts, and checks its options', () => {
    expect(SERVER_API_V3_REGIONS).toEqual({
      global: 'https://api.fpjs.io/',
      eu: 'https://eu.api.fpjs.io/',
      ap: 'https://ap.api.fpjs.io/',
    });
    expectConfigError(() => createServerApiV3Client({ secretKey: 'k', region: 'us' as never }));
    expectConfigError(() => createServerApiV3Client({ secretKey: '' }));
  });
});

describe('the guard with serverApi.version 3', () => {
  const key = generateKey();
  const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
  const guardWith = (options: Partial<FingerprintGuardOptions> = {}) =>
    createFingerprintGuard({
      fingerprint: {
        keys: [key],
        formats: ['v4', 'v3'],
        serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrlV3, version: 3, retry: fast },
      },
      replay: { store: new MemoryReplayStore() },
      logger: quiet(),
      ...options,
    });

  it('fetches the event by its request id: a v3 result via server-api, claimed once', async () => {
    const event = createEventV3({ vpn: true });
    const requestId = api.addEvent(event);
    const guard = guardWith();
    const request = { headers: { 'fingerprint-event-id': requestId } };
    await expect(guard.verify(request)).resolves.toMatchObject({
      provider: 'fingerprint',
      format: 'v3',
      via: 'server-api',
      eventId: requestId,
      signals: { vpn: true },
      event,
    });
    await expectGuardError(guard.verify(request), 'EVENT_REPLAYED');
    expect((await expectGuardError(guardWith({ deny: { vpn: true } }).verify(request), 'EVENT_DENIED')).rule).toBe(
      'vpn',
    );
  });

  it('a sealed v3 result and its request id share one replay key', async () => {
    const event = createEventV3();
    const requestId = api.addEvent(event);
    const guard = guardWith();
    await guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(event, key) } });
    await expectGuardError(guard.verify({ headers: { 'fingerprint-event-id': requestId } }), 'EVENT_REPLAYED');
  });

  it('an unknown request id is 401 PROVIDER_REJECTED; a wrong key is PROVIDER_AUTH_FAILED', async () => {
    await expectGuardError(
      guardWith().verify({ headers: { 'fingerprint-event-id': '1708102555327.ZZZZZZ' } }),
      'PROVIDER_REJECTED',
    );
    const wrongKey = createFingerprintGuard({
      fingerprint: {
        formats: ['v3'],
        serverApi: { secretKey: 'nope', baseUrl: api.baseUrlV3, version: 3, retry: fast },
      },
      logger: quiet(),
    });
    await expectGuardError(
      wrongKey.verify({ headers: { 'fingerprint-event-id': '1708102555327.ZZZZZZ' } }),
      'PROVIDER_AUTH_FAILED',
    );
  });

  it('version 3 needs v3 in formats; version 4 needs v4; any other version is CONFIG_INVALID', () => {
    const build = (formats: Array<'v4' | 'v3'> | undefined, version: unknown) => () =>
      createFingerprintGuard({
        fingerprint: { formats, serverApi: { secretKey: 'k', version: version as 3 } },
        logger: quiet(),
      });
    expect(expectConfigError(build(undefined, 3)).message).toContain("add 'v3'");
    expect(expectConfigError(build(['v3'], 4)).message).toContain("add 'v4'");
    expect(expectConfigError(build(['v4', 'v3'], 2)).message).toContain('must be 4 or 3');
    expect(build(['v3'], 3)).not.toThrow();
  });
});
