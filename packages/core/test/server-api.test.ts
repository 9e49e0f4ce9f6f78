import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApiClient, SERVER_API_REGIONS } from '../src/index.js';
import { createEvent, createFakeFingerprintApi, expectConfigError, expectGuardError } from './helpers.js';

let api: Awaited<ReturnType<typeof createFakeFingerprintApi>>;
beforeAll(async () => {
  api = await createFakeFingerprintApi();
});
afterAll(() => api.close());

const client = (secretKey = api.secretKey) =>
  createServerApiClient({ secretKey, baseUrl: api.baseUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 } });

describe('createServerApiClient().getEvent', () => {
  it('fetches GET /v4/events/{id} with the secret key as a Bearer token', async () => {
    const event = createEvent();
    api.addEvent(event);
    expect(await client().getEvent(event.event_id)).toStrictEqual(event);
    expect(api.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v4/events/${event.event_id}`,
      authorization: `Bearer ${api.secretKey}`,
    });
  });

  it('validates the event id before any request goes out', async () => {
    const before = api.requests.length;
    for (const id of [
      '',
      '../admin',
      '1708102555327',
      'abc.def',
      `1708102555327.${'x'.repeat(40)}`,
      '1708102555327.NLOjmg?x=1',
    ]) {
      await expectGuardError(client().getEvent(id), 'PROVIDER_REJECTED');
    }
    expect(api.requests.length).toBe(before);
  });

  it('maps 404 to PROVIDER_REJECTED and a wrong key to PROVIDER_AUTH_FAILED', async () => {
    await expectGuardError(client().getEvent('1708102555327.AAAAAA'), 'PROVIDER_REJECTED');
    await expectGuardError(client('wrong').getEvent('1708102555327.AAAAAA'), 'PROVIDER_AUTH_FAILED');
  });

  it('retries 5xx and 429, and reports a body that is not an event as PROVIDER_UNAVAILABLE', async () => {
    const event = createEvent();
    api.addEvent(event);
    api.failNext({ status: 500 }, { status: 429, retryAfter: 0 });
    expect((await client().getEvent(event.event_id)).event_id).toBe(event.event_id);
    api.failNext('malformed');
    await expectGuardError(client().getEvent(event.event_id), 'PROVIDER_UNAVAILABLE');
  });

  it('knows the three regions', () => {
    expect(SERVER_API_REGIONS).toEqual({
      global: 'https://api.fpjs.io/v4/',
      eu: 'https://eu.api.fpjs.io/v4/',
      ap: 'https://ap.api.fpjs.io/v4/',
    });
    expectConfigError(() => createServerApiClient({ secretKey: 'k', region: 'us' as never }));
    expectConfigError(() => createServerApiClient({ secretKey: '' }));
  });
});
