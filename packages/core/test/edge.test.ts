/** fingerprint.edge over real HTTP: a request with no credential is evaluated by the fake's POST /v4/edge. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  type DecisionReport,
  type FingerprintEdgeRequest,
  type FingerprintGuardOptions,
  type GuardRequest,
  type ReplayStore,
} from '../src/index.js';
import {
  createEvent,
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
beforeEach(() => api.setEdgeVerdict('clean'));

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/** A guard with edge, on its own client configuration (so that no other test's negative cache answers). */
const edgeGuard = (options: Partial<FingerprintGuardOptions> = {}, edge: Record<string, unknown> = {}) =>
  createFingerprintGuard({
    fingerprint: {
      keys: [key],
      edge: { secretKey: api.secretKey, baseUrl: api.baseUrl, retry: fast, maxWait: '2s', ...edge },
    },
    logger: quiet(),
    ...options,
  });

let clients = 0;
/** A request from a new client (its own IP), so the negative cache of earlier tests never answers for it. */
function request(headers: Record<string, string | string[]> = {}, overrides: Partial<GuardRequest> = {}): GuardRequest {
  clients++;
  return {
    headers: { host: 'shop.example', 'user-agent': BROWSER, accept: 'text/html', ...headers },
    method: 'POST',
    url: 'https://shop.example/newsletter?ref=mail#form',
    ip: `198.51.100.${clients % 250}`,
    ...overrides,
  };
}
const edgeCalls = () => api.requests.filter((recorded) => recorded.path === '/v4/edge');
const lastEdgeBody = () => edgeCalls().at(-1)!.body as FingerprintEdgeRequest;

describe('fingerprint.edge: a request with no credential', () => {
  it('sends its method, URL without fragment, header lines and IP to POST /v4/edge with the secret key', async () => {
    const guard = edgeGuard();
    const sent = request({ 'accept-language': 'de-DE', 'signature-agent': '"https://agent.example"' });
    const fingerprint = await guard.verify(sent);
    expect(edgeCalls().at(-1)).toMatchObject({ method: 'POST', authorization: `Bearer ${api.secretKey}` });
    expect(lastEdgeBody()).toEqual({
      method: 'POST',
      url: 'https://shop.example/newsletter?ref=mail',
      ipv4_address: sent.ip,
      headers: [
        { name: 'host', value: 'shop.example' },
        { name: 'user-agent', value: BROWSER },
        { name: 'accept', value: 'text/html' },
        { name: 'accept-language', value: 'de-DE' },
        { name: 'signature-agent', value: '"https://agent.example"' },
      ],
    });
    expect(fingerprint).toMatchObject({
      provider: 'fingerprint',
      via: 'edge',
      format: 'edge',
      replayCheck: 'not-applicable',
      signals: { bot: false, goodBot: false, vpn: false, proxy: false },
      event: { source: 'edge', url: 'https://shop.example/newsletter?ref=mail' },
    });
    expect(fingerprint.eventId).toBe((fingerprint.event as { event_id: string }).event_id);
    expect(fingerprint.visitorId).toBeUndefined();
  });

  it('sends every secret header with an empty value, never its secret', async () => {
    const secrets = {
      authorization: 'Bearer live-token-1',
      cookie: 'sid=live-cookie-2',
      'proxy-authorization': 'Basic live-3',
      'x-api-key': 'live-4',
      'x-csrf-token': 'live-5',
      'x-session-id': 'live-6',
      'x-internal': 'live-7',
      'fingerprint-sealed-result': '',
    };
    await edgeGuard({}, { redactHeaders: ['X-Internal'] }).verify(request(secrets));
    const sent = lastEdgeBody().headers;
    for (const name of Object.keys(secrets)) expect(sent).toContainEqual({ name, value: '' });
    expect(JSON.stringify(api.requests.at(-1))).not.toMatch(/live-/);
  });

  it('bounds the header lines: 64 at most, 4,096 characters a value, 16 KiB in all', async () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x-h${i}`, 'v']));
    await edgeGuard().verify(request(many));
    expect(lastEdgeBody().headers).toHaveLength(64);
    await edgeGuard().verify(request({ 'x-long': 'a'.repeat(10_000) }));
    expect(lastEdgeBody().headers.find((line) => line.name === 'x-long')!.value).toHaveLength(4096);
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`x-big${i}`, 'b'.repeat(4000)]));
    await edgeGuard().verify(request(big));
    const total = lastEdgeBody().headers.reduce((sum, { name, value }) => sum + name.length + value.length, 0);
    expect(total).toBeLessThanOrEqual(16 * 1024);
    expect(lastEdgeBody().headers.length).toBeLessThan(13);
  });

  it('sends a repeated header as its lines, and the IP in the field of its family', async () => {
    await edgeGuard().verify(request({ 'accept-encoding': ['gzip', 'br'] }, { ip: '::ffff:203.0.113.7' }));
    expect(lastEdgeBody()).toMatchObject({ ipv4_address: '203.0.113.7' });
    expect(lastEdgeBody().headers.filter((line) => line.name === 'accept-encoding')).toHaveLength(2);
    await edgeGuard().verify(request({}, { ip: '2001:db8::42' }));
    expect(lastEdgeBody()).toMatchObject({ ipv6_address: '2001:db8:0:0:0:0:0:42' });
    expect(lastEdgeBody().ipv4_address).toBeUndefined();
  });

  it('reads Web Headers too, and the IP from clientIp when configured', async () => {
    const guard = edgeGuard({ clientIp: () => '192.0.2.99' });
    await guard.verify({
      headers: new Headers({ 'user-agent': BROWSER, host: 'shop.example' }),
      method: 'GET',
      url: 'https://shop.example/',
    });
    expect(lastEdgeBody()).toMatchObject({ method: 'GET', ipv4_address: '192.0.2.99' });
  });

  it('is CREDENTIAL_MISSING, with no call, without a method and URL, an http(s) URL or a client IP', async () => {
    const before = edgeCalls().length;
    const guard = edgeGuard();
    const noUrl = await expectGuardError(guard.verify({ headers: { 'user-agent': BROWSER } }), 'CREDENTIAL_MISSING');
    expect(noUrl.message).toContain('method and URL');
    await expectGuardError(guard.verify(request({}, { url: 'ftp://shop.example/' })), 'CREDENTIAL_MISSING');
    await expectGuardError(guard.verify(request({}, { url: '/relative' })), 'CREDENTIAL_MISSING');
    const noIp = await expectGuardError(guard.verify(request({}, { ip: undefined })), 'CREDENTIAL_MISSING');
    expect(noIp.message).toContain('client IP');
    expect(edgeCalls().length).toBe(before);
  });
});

describe('fingerprint.edge: never for a request that carries a credential', () => {
  it('a tampered sealed result, an unknown event id or a credential the guard does not take is refused as such, with no edge call', async () => {
    const guard = createFingerprintGuard({
      fingerprint: {
        keys: [key],
        serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl, retry: fast },
        edge: { secretKey: api.secretKey, baseUrl: api.baseUrl, retry: fast },
      },
      logger: quiet(),
    });
    const before = edgeCalls().length;
    await expectGuardError(
      guard.verify(request({ 'fingerprint-sealed-result': sealEvent(createEvent(), generateKey()) })),
      'SEALED_RESULT_DECRYPTION_FAILED',
    );
    await expectGuardError(
      guard.verify(request({ 'fingerprint-event-id': '1708102555327.AAAAAA' })),
      'PROVIDER_REJECTED',
    );
    await expectGuardError(guard.verify(request({ 'cside-token': 'tok_1' })), 'CREDENTIAL_MISSING');
    expect(edgeCalls().length).toBe(before);
    // A valid sealed result goes the sealed way, and is claimed.
    await expect(
      guard.verify(request({ 'fingerprint-sealed-result': sealEvent(createEvent(), key) })),
    ).resolves.toMatchObject({ via: 'sealed', replayCheck: 'claimed' });
    expect(edgeCalls().length).toBe(before);
  });

  it('an edge evaluation presented as an event id is denied (rule source): it identifies no browser', async () => {
    const evaluation = await edgeGuard().verify(request());
    const guard = createFingerprintGuard({
      fingerprint: { serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl } },
      logger: quiet(),
    });
    const error = await expectGuardError(
      guard.verify({ headers: { 'fingerprint-event-id': evaluation.eventId } }),
      'EVENT_DENIED',
    );
    expect(error.rule).toBe('source');
  });
});

describe('fingerprint.edge: rules, replay and reports', () => {
  it('never claims a replay key: the store sees no key, however many requests', async () => {
    const keys: string[] = [];
    const store: ReplayStore = {
      claim: (claimed) => {
        keys.push(claimed);
        return true;
      },
    };
    const guard = edgeGuard({ replay: { store } });
    const same = request();
    for (let i = 0; i < 3; i++)
      await expect(guard.verify(same)).resolves.toMatchObject({ replayCheck: 'not-applicable' });
    expect(keys).toEqual([]);
  });

  it.each([
    ['bot', { deny: { bot: true } }, 'bot'],
    ['vpn', { deny: { vpn: true } }, 'vpn'],
    ['proxy', { deny: { proxy: true } }, 'proxy'],
    ['spoofed-bot', { deny: { bot: true }, allowBots: { categories: ['search_engine_crawler'] } }, 'bot'],
  ] as const)('a %s verdict is denied by its rule: 403 EVENT_DENIED', async (verdict, options, rule) => {
    api.setEdgeVerdict(verdict);
    const error = await expectGuardError(edgeGuard(options).verify(request()), 'EVENT_DENIED');
    expect([error.status, error.rule]).toEqual([403, rule]);
  });

  it('a verified crawler is a good bot: deny.bot lets it through, deny.goodBot does not, allowBots picks by category', async () => {
    api.setEdgeVerdict('verified-bot');
    await expect(edgeGuard({ deny: { bot: true } }).verify(request())).resolves.toMatchObject({
      signals: { bot: false, goodBot: true },
    });
    await expectGuardError(edgeGuard({ deny: { goodBot: true } }).verify(request()), 'EVENT_DENIED');
    const allowed = edgeGuard({ deny: { goodBot: true }, allowBots: { categories: ['search_engine_crawler'] } });
    await expect(allowed.verify(request())).resolves.toMatchObject({ via: 'edge' });
    api.setEdgeVerdict('bot');
    const scrapers = edgeGuard({ deny: { bot: true }, allowBots: { categories: ['search_engine_crawler'] } });
    await expectGuardError(scrapers.verify(request()), 'EVENT_DENIED');
  });

  it('a rule edge cannot evaluate denies (fail closed), says so at start-up, and follows onUnavailableSignal', async () => {
    const logger = quiet();
    const strict = edgeGuard({ deny: { bot: true, tampering: true }, minConfidence: 0.5, logger });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("Fingerprint's edge evaluation never reports what tampering, minConfidence need"),
      expect.objectContaining({ event: 'rule-never-evaluable', provider: 'edge' }),
    );
    const error = await expectGuardError(strict.verify(request()), 'EVENT_DENIED');
    expect([error.rule, error.message]).toEqual([
      'tampering',
      "The request was denied: tampering was not reported by Fingerprint's edge evaluation.",
    ]);
    const lenient = edgeGuard({ deny: { bot: true, tampering: true }, onUnavailableSignal: 'allow' });
    await expect(lenient.verify(request())).resolves.toMatchObject({ via: 'edge' });
  });

  it('runs the custom check, and monitor mode lets a bot through with the denial attached', async () => {
    const check = vi.fn(() => false);
    await expectGuardError(edgeGuard({ check }).verify(request()), 'EVENT_DENIED');
    expect(check).toHaveBeenCalledWith(expect.objectContaining({ via: 'edge' }), expect.anything());
    api.setEdgeVerdict('bot');
    const monitored = await edgeGuard({ mode: 'monitor', deny: { bot: true } }).verify(request());
    expect(monitored).toMatchObject({ via: 'edge', denial: { code: 'EVENT_DENIED', rule: 'bot' } });
  });

  it('onDecision reports via edge, the replay check not applicable and the bot’s identity', async () => {
    api.setEdgeVerdict('bot');
    const reports: DecisionReport[] = [];
    const guard = edgeGuard({ deny: { bot: true }, onDecision: (report) => void reports.push(report) });
    await guard.decide(request());
    expect(reports[0]).toMatchObject({
      outcome: 'EVENT_DENIED',
      rule: 'bot',
      stage: 'rules',
      provider: 'fingerprint',
      via: 'edge',
      bot: { category: 'scraping', identity: 'unknown' },
    });
    api.setEdgeVerdict('clean');
    await guard.decide(request());
    expect(reports[1]).toMatchObject({ outcome: 'allowed', via: 'edge', replayCheck: 'not-applicable' });
  });
});

describe('fingerprint.edge: the Server API client’s deadlines, retries and negative cache', () => {
  it('a bot, VPN or proxy verdict is remembered by client IP and User-Agent for negativeCache.ttl; a clean one never is', async () => {
    api.setEdgeVerdict('bot');
    const guard = edgeGuard({ deny: { bot: true }, negativeCache: { ttl: '300ms' } });
    const bot = request({ 'user-agent': 'EvilBot/1.0' });
    const before = edgeCalls().length;
    for (let i = 0; i < 5; i++) await expectGuardError(guard.verify(bot), 'EVENT_DENIED');
    expect(edgeCalls().length - before).toBe(1);
    // Another User-Agent from the same IP is another client.
    await expectGuardError(
      guard.verify({ ...bot, headers: { ...bot.headers, 'user-agent': 'Other/2' } }),
      'EVENT_DENIED',
    );
    expect(edgeCalls().length - before).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await expectGuardError(guard.verify(bot), 'EVENT_DENIED');
    expect(edgeCalls().length - before).toBe(3);

    api.setEdgeVerdict('clean');
    const clean = request();
    for (let i = 0; i < 3; i++) await guard.verify(clean);
    expect(edgeCalls().length - before).toBe(6);
  });

  it('concurrent requests from one client share one call; negativeCache: false remembers nothing', async () => {
    api.setEdgeVerdict('vpn');
    const same = request();
    const before = edgeCalls().length;
    const guard = edgeGuard({ deny: { vpn: true } });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => guard.decide(same)));
    expect(outcomes.every((outcome) => outcome.error?.rule === 'vpn')).toBe(true);
    expect(edgeCalls().length - before).toBe(1);
    const forgetful = edgeGuard({ deny: { vpn: true }, negativeCache: false });
    await forgetful.decide(same);
    await forgetful.decide(same);
    expect(edgeCalls().length - before).toBe(3);
  });

  it('retries a 5xx, gives up at maxWait on a provider that hangs, and says a wrong key is the server’s fault', async () => {
    api.failNext({ status: 503 });
    await expect(edgeGuard().verify(request())).resolves.toMatchObject({ via: 'edge' });
    api.failNext('hang', 'hang', 'hang');
    const started = performance.now();
    const slow = edgeGuard({}, { timeout: '100ms', maxWait: '250ms' });
    await expectGuardError(slow.verify(request()), 'PROVIDER_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(2_000);
    api.failNext('malformed');
    await expectGuardError(edgeGuard().verify(request()), 'PROVIDER_UNAVAILABLE');
    const refused = await expectGuardError(
      edgeGuard({}, { secretKey: 'wrong-key' }).verify(request()),
      'PROVIDER_AUTH_FAILED',
    );
    expect(refused.message).not.toContain('wrong-key');
  });
});

describe('fingerprint.edge: configuration', () => {
  it('edge alone is a provider; each mistake is CONFIG_INVALID naming the option', () => {
    expect(() =>
      createFingerprintGuard({ fingerprint: { edge: { secretKey: 's', baseUrl: api.baseUrl } }, logger: quiet() }),
    ).not.toThrow();
    const edge = (options: Record<string, unknown>) => () =>
      createFingerprintGuard({ fingerprint: { edge: options as never }, logger: quiet() });
    expect(expectConfigError(edge({})).message).toContain('fingerprint.edge.secretKey');
    expect(expectConfigError(edge({ secretKey: 's', rulesetId: 'rs_1' })).message).toContain(
      'unknown option fingerprint.edge.rulesetId',
    );
    expect(expectConfigError(edge({ secretKey: 's', redactHeaders: ['not a name'] })).message).toContain(
      'fingerprint.edge.redactHeaders must be a list of header names',
    );
    expect(expectConfigError(edge({ secretKey: 's', region: 'mars' })).message).toContain('fingerprint.edge.region');
    expect(expectConfigError(edge({ secretKey: 's', timout: '1s' })).message).toContain(
      'did you mean fingerprint.edge.timeout',
    );
  });
});
