import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsideClient, createServerApiClient } from '../src/index.js';
import { createFakeCside, createFakeFingerprintApi, expectGuardError } from './helpers.js';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/stalled-body.mjs', import.meta.url));

/**
 * The deadline must hold after the headers arrived: the fixture runs the built package in a
 * separate `node --expose-gc` process, against a provider that stalls mid-body, forcing a full
 * collection every 5 ms (before the fix, 50 such calls were still hanging after a minute).
 */
describe.each(['node', 'web'])('provider deadlines on the %s build, body stalled, GC forced', (build) => {
  it.each(['cside', 'server-api'])(
    '%s: 50 concurrent calls all settle PROVIDER_UNAVAILABLE within maxWait',
    async (provider) => {
      const { stdout } = await run(process.execPath, ['--expose-gc', fixture, provider, '50', '1000', build], {
        timeout: 20_000,
      });
      const { maxMs, codes } = JSON.parse(stdout) as { maxMs: number; codes: string[] };
      expect(codes).toEqual(['PROVIDER_UNAVAILABLE']);
      // maxWait is 1 s; the bound leaves room for a loaded machine, far below the hang it replaces.
      expect(maxMs).toBeLessThan(1_000 + 2_500);
    },
  );
});

describe('provider calls under attack', () => {
  let cside: Awaited<ReturnType<typeof createFakeCside>>;
  let api: Awaited<ReturnType<typeof createFakeFingerprintApi>>;
  beforeAll(async () => {
    [cside, api] = await Promise.all([createFakeCside(), createFakeFingerprintApi()]);
  });
  afterAll(() => Promise.all([cside.close(), api.close()]));

  it('a body trickled a byte at a time is cut at maxWait', async () => {
    cside.failNext('trickle-body');
    const client = createCsideClient({ apiKey: cside.apiKey, baseUrl: cside.url, maxWait: '600ms', timeout: '5s' });
    const started = performance.now();
    await expectGuardError(client.verify(cside.issueToken()), 'PROVIDER_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(600 + 2_000);
  });

  it('a 429 without Retry-After is not retried; one whose Retry-After ends past the deadline neither', async () => {
    const client = createCsideClient({
      apiKey: cside.apiKey,
      baseUrl: cside.url,
      maxWait: '2s',
      retry: { attempts: 3, baseDelayMs: 5 },
    });
    for (const failure of [{ status: 429 }, { status: 429, retryAfter: 30 }]) {
      const before = cside.requests.length;
      cside.failNext(failure);
      const error = await expectGuardError(client.verify(cside.issueToken()), 'PROVIDER_UNAVAILABLE');
      expect(error.message).toContain('429');
      expect(cside.requests.length - before).toBe(1);
    }
  });

  it('past maxConcurrent calls in flight, the next call waits for a slot and is served when one frees', async () => {
    const client = createCsideClient({
      apiKey: cside.apiKey,
      baseUrl: cside.url,
      maxConcurrent: 2,
      maxWait: '3s',
      timeout: '300ms',
      retry: false,
    });
    cside.failNext('hang', 'hang');
    const hanging = [client.verify(cside.issueToken()), client.verify(cside.issueToken())].map((call) =>
      call.catch((error: unknown) => error),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = cside.requests.length;
    const waiting = client.verify(cside.issueToken());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cside.requests.length).toBe(before);
    await expect(waiting).resolves.toMatchObject({ status: 'completed' });
    expect(await Promise.all(hanging)).toMatchObject([
      { code: 'PROVIDER_UNAVAILABLE' },
      { code: 'PROVIDER_UNAVAILABLE' },
    ]);
  });

  it('waiting calls are served round-robin between callers: a flooding caller waits behind itself', async () => {
    const slow = await createFakeCside({ latencyMs: 100 });
    const client = createCsideClient({
      apiKey: slow.apiKey,
      baseUrl: slow.url,
      maxConcurrent: 2,
      maxWait: '5s',
      retry: false,
    });
    const callers = new Map<string, string>();
    const call = (caller: string) => {
      const token = slow.issueToken();
      callers.set(token, caller);
      return client.verify(token, { caller });
    };
    const flood = [call('attacker'), call('attacker'), call('attacker'), call('attacker')];
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([...flood, call('genuine')]);
    const sent = slow.requests.map((request) => callers.get((request.body as { token: string }).token));
    // First come, first served would send the genuine call last; taking turns sends it with the next free slots.
    expect(sent).toHaveLength(5);
    expect(sent.at(-1)).toBe('attacker');
    await slow.close();
  });

  it('a caller with maxConcurrent calls already waiting is refused at once; other callers still queue', async () => {
    const slow = await createFakeCside({ latencyMs: 150 });
    const client = createCsideClient({
      apiKey: slow.apiKey,
      baseUrl: slow.url,
      maxConcurrent: 1,
      maxWait: '5s',
      retry: false,
    });
    const running = client.verify(slow.issueToken(), { caller: 'attacker' });
    const waiting = client.verify(slow.issueToken(), { caller: 'attacker' });
    const refused = await expectGuardError(
      client.verify(slow.issueToken(), { caller: 'attacker' }),
      'PROVIDER_UNAVAILABLE',
    );
    expect(refused.message).toContain('too many calls waiting');
    await expect(client.verify(slow.issueToken(), { caller: 'genuine' })).resolves.toMatchObject({
      status: 'completed',
    });
    await Promise.all([running, waiting]);
    await slow.close();
  });

  it('a Server API 403 says which refusal it is, from the error code', async () => {
    const refusing = await createFakeFingerprintApi();
    refusing.failNext(
      { status: 403, body: JSON.stringify({ error: { code: 'wrong_region', message: 'wrong region' } }) },
      { status: 403, body: JSON.stringify({ error: { code: 'feature_not_enabled', message: 'x' } }) },
      { status: 403, body: 'not json' },
    );
    const client = createServerApiClient({ secretKey: 'sk_live_secret', baseUrl: refusing.baseUrl, retry: false });
    const id = '1708102555327.NLOjmg';
    expect((await expectGuardError(client.getEvent(id), 'PROVIDER_AUTH_FAILED')).message).toMatch(
      /wrong_region.*serverApi\.region/,
    );
    expect((await expectGuardError(client.getEvent(id), 'PROVIDER_AUTH_FAILED')).message).toMatch(
      /feature_not_enabled/,
    );
    const generic = await expectGuardError(client.getEvent(id), 'PROVIDER_AUTH_FAILED');
    expect(generic.message).toContain('refused the API key');
    expect(JSON.stringify(generic)).not.toContain('sk_live_secret');
    await refusing.close();
  });
});
