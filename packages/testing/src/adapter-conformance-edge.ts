/** The adapter table's rows for `fingerprint.edge`: the adapter gives the request's method and absolute URL, and edge runs only without a credential. */
import type { FingerprintEdgeRequest, FingerprintGuardOptions, ReplayStore } from '@fingerprint-guard/core';
import { afterAll, expect, it } from 'vitest';
import type { GuardedApp } from './adapter-fixtures.js';
import type { TableHelpers } from './adapter-conformance-rules.js';
import { createFakeFingerprintApi, type FakeFingerprintApi } from './fakes/fingerprint-api.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0 Safari/537.36';

/** Registers the rows (inside the table's `describe`). */
export function edgeRows({ start, post, sealed, key }: TableHelpers & { key: string }): void {
  let api: FakeFingerprintApi | undefined;
  const fake = async () => (api ??= await createFakeFingerprintApi());
  afterAll(() => api?.close());

  /** A guard whose edge calls go to the fake, on a client configuration of its own (`maxWait` differs per app). */
  let configurations = 0;
  const withEdge = async (options: Partial<FingerprintGuardOptions<never>> = {}) => {
    const { baseUrl, secretKey } = await fake();
    configurations++;
    return start({
      ...options,
      fingerprint: { keys: [key], edge: { secretKey, baseUrl, maxWait: `${5_000 + configurations}ms` } },
      // The table's own types do not declare edge (an app with fingerprint.edge does).
    } as unknown as Partial<FingerprintGuardOptions<never>>);
  };
  const edgeCalls = () => api!.requests.filter((request) => request.path === '/v4/edge');
  const browser = (app: GuardedApp, headers: Record<string, string> = {}) =>
    post(app, undefined, undefined, { 'user-agent': BROWSER, ...headers });

  it('fingerprint.edge: a request with no credential is evaluated from its method, absolute URL, headers (secrets blanked) and client IP, and never claimed', async () => {
    const keys: string[] = [];
    const store: ReplayStore = {
      claim: (key) => {
        keys.push(key);
        return true;
      },
    };
    const app = await withEdge({ replay: { store } });
    const answered = await browser(app, { authorization: 'Bearer live-secret', cookie: 'sid=live-cookie' });
    expect(answered).toMatchObject({ status: 200, body: { replayCheck: 'not-applicable', keyIndex: null } });
    const sent = edgeCalls().at(-1)!.body as FingerprintEdgeRequest;
    expect(sent).toMatchObject({ method: 'POST', url: app.url });
    expect(sent.ipv4_address ?? sent.ipv6_address).toMatch(/^(127\.0\.0\.1|0:0:0:0:0:0:0:1)$/);
    expect(sent.headers).toEqual(
      expect.arrayContaining([
        { name: 'user-agent', value: BROWSER },
        { name: 'authorization', value: '' },
        { name: 'cookie', value: '' },
      ]),
    );
    expect(answered.body.eventId).toMatch(/^\d{13}\.\w+$/);
    await browser(app);
    expect(keys).toEqual([]);
  });

  it('fingerprint.edge: a bot is denied 403 by deny.bot, and its next requests are answered from the negative cache', async () => {
    const app = await withEdge({ deny: { bot: true } });
    const before = edgeCalls().length;
    for (let i = 0; i < 3; i++) {
      expect(
        await post(app, undefined, undefined, { 'user-agent': 'ExampleBot/1.0 (+https://bot.example)' }),
      ).toMatchObject({ status: 403, body: { error: { code: 'EVENT_DENIED', rule: 'bot' } } });
    }
    expect(edgeCalls().length - before).toBe(1);
  });

  it('fingerprint.edge: a request with a credential never falls back to edge, valid or not', async () => {
    const app = await withEdge();
    const before = edgeCalls().length;
    expect(await post(app, sealed(), undefined, { 'user-agent': BROWSER })).toMatchObject({
      status: 200,
      body: { keyIndex: 0, replayCheck: 'claimed' },
    });
    expect(await post(app, 'bm90IGEgc2VhbGVkIHJlc3VsdA==', undefined, { 'user-agent': BROWSER })).toMatchObject({
      status: 400,
      body: { error: { code: 'SEALED_RESULT_MALFORMED' } },
    });
    expect(edgeCalls().length).toBe(before);
  });
}
