/**
 * Fingerprint's own v4 examples (fixtures/fingerprint-v4), byte for byte: the compiler accepts
 * each as the type it documents, and the guard answers each as its rule, bot and signals say,
 * over real HTTP for what comes from the Server API and POST /v4/edge.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { denialResponse } from '../src/adapter/index.js';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type DecisionReport,
  type FingerprintEdgeRequest,
  type FingerprintEvent,
  type FingerprintGuardOptions,
  type GuardRequest,
} from '../src/index.js';
import { expectGuardError, generateKey, sealPlaintext } from './helpers.js';

const FIXTURES = new URL('./fixtures/fingerprint-v4/', import.meta.url);
const bytesOf = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const parsed = <T = FingerprintEvent>(name: string) => JSON.parse(bytesOf(name)) as T;

/** Each example and the type the schema documents it as. */
const EXAMPLES = [
  ['get_event_200.json', 'FingerprintEvent'],
  ['get_event_ruleset_200.json', 'FingerprintEvent'],
  ['get_event_with_bot_info_200.json', 'FingerprintEvent'],
  ['go-sdk-get_event_200_with_ruleset.json', 'FingerprintEvent'],
  ['go-sdk-get_event_200_with_ruleset_extra_rule_action.json', 'FingerprintEvent'],
  ['edge-analyze.json', 'FingerprintEdgeRequest'],
  ['edge-analyze_200.json', 'FingerprintEdgeEvent'],
  ['edge-analyze_200_non_bot.json', 'FingerprintEdgeEvent'],
  ['edge-analyze_200_proxy.json', 'FingerprintEdgeEvent'],
] as const;

/** Compiles `files` (name → TypeScript source) beside this test with core's tsconfig; the messages of each file. */
function compile(files: Record<string, string>): Record<string, string[]> {
  const configFile = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const paths = Object.fromEntries(
    Object.entries(files).map(([name, source]) => [fileURLToPath(new URL(name, import.meta.url)), source]),
  );
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => name in paths || ts.sys.fileExists(name);
  host.readFile = (name) => paths[name] ?? readFile(name);
  host.getSourceFile = (name, language, ...rest) =>
    name in paths ? ts.createSourceFile(name, paths[name]!, language) : getSourceFile(name, language, ...rest);
  const program = ts.createProgram(Object.keys(paths), { ...config.options, noEmit: true }, host);
  return Object.fromEntries(
    Object.keys(paths).map((path, index) => [
      Object.keys(files)[index]!,
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(path))
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')),
    ]),
  );
}

const IMPORTS =
  "import type { FingerprintEdgeEvent, FingerprintEdgeRequest, FingerprintEvent } from '../src/index.js';\n";

describe("the types against the schema's own examples", () => {
  it('each example, as Fingerprint wrote it, satisfies its type; the same examples with a wrong field do not', () => {
    const checks = (examples: ReadonlyArray<readonly [string, string]>) =>
      IMPORTS +
      examples.map(([json, type], index) => `export const example${index} = (${json}) satisfies ${type};\n`).join('');
    const ruleset = bytesOf('get_event_ruleset_200.json');
    const botInfo = bytesOf('get_event_with_bot_info_200.json');
    const edgeRequest = bytesOf('edge-analyze.json');
    const broken = [
      [ruleset.replace('"status_code": 403', '"status_code": "403"'), 'FingerprintEvent'],
      [botInfo.replace('"provider": "OpenAI"', '"provider": 42'), 'FingerprintEvent'],
      [botInfo.replace('"timestamp": 1708102555327', '"timestamp": "2024-02-16"'), 'FingerprintEvent'],
      [edgeRequest.replace('"method": "POST",', ''), 'FingerprintEdgeRequest'],
    ] as const;
    for (const [changed] of broken) expect(changed).not.toBe(ruleset); // each replacement found its text

    const messages = compile({
      'v4-examples.check.ts': checks(EXAMPLES.map(([name, type]) => [bytesOf(name), type] as const)),
      'v4-examples.broken.ts': checks(broken),
    });

    expect(messages['v4-examples.check.ts']).toEqual([]);
    const errors = messages['v4-examples.broken.ts']!;
    expect(errors.length).toBeGreaterThanOrEqual(broken.length);
    expect(errors.join('\n')).toMatch(/'string' is not assignable to type 'number'/);
    expect(errors.join('\n')).toMatch(/'number' is not assignable to type 'string'/);
    expect(errors.join('\n')).toMatch(/Property 'method' is missing/);
  }, 120_000);
});

/** The Server API and /v4/edge on loopback, answering the example chosen by each test, byte for byte. */
let provider: { server: Server; baseUrl: string; event: string; edge: string; requests: Recorded[] };
interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}
const SECRET = 'v4-examples-secret';

beforeAll(async () => {
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    provider.requests.push({
      method: request.method!,
      url: request.url!,
      authorization: request.headers.authorization,
      body,
    });
    if (request.headers.authorization !== `Bearer ${SECRET}`) return void response.writeHead(403).end();
    const answer = request.method === 'POST' && request.url === '/v4/edge' ? provider.edge : provider.event;
    response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  provider = { server, baseUrl: `http://127.0.0.1:${port}/v4/`, event: '', edge: '', requests: [] };
});
afterAll(() => new Promise((resolve) => provider.server.close(resolve)));
afterEach(() => {
  vi.useRealTimers();
  provider.requests = [];
});

/** Runs the test at the example's own time (its `timestamp` plus a second), so that it is fresh. */
function atTimeOf(event: FingerprintEvent) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(event.timestamp + 1_000);
}

const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const reportsOf = (options: Partial<FingerprintGuardOptions>) => {
  const reports: DecisionReport[] = [];
  return { reports, options: { ...options, onDecision: (report: DecisionReport) => void reports.push(report) } };
};
const serverApiGuard = (serverApi: Record<string, unknown>, options: Partial<FingerprintGuardOptions> = {}) =>
  createFingerprintGuard({
    fingerprint: { serverApi: { secretKey: SECRET, baseUrl: provider.baseUrl, ...serverApi } },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const byId = (eventId: string): GuardRequest => ({ headers: { 'fingerprint-event-id': eventId } });

describe('rulesets: the examples fetched from the Server API with their ruleset', () => {
  it('get_event_ruleset_200.json: honorRuleAction answers with the rule’s own 403, Content-Type and body', async () => {
    provider.event = bytesOf('get_event_ruleset_200.json');
    const example = parsed('get_event_ruleset_200.json');
    atTimeOf(example);
    const guard = serverApiGuard({ rulesetId: 'rs_b1k1blhqpOX3kU' }, { honorRuleAction: true });

    const decision = await guard.decide(byId(example.event_id));

    expect(provider.requests.map((request) => request.url)).toEqual([
      '/v4/events/1708102555327.NLOjmg?ruleset_id=rs_b1k1blhqpOX3kU',
    ]);
    expect(decision).toMatchObject({ allowed: false, stage: 'rules', rule: 'ruleAction' });
    expect(decision.fingerprint?.replayCheck).toBe('not-reached');
    expect(denialResponse(decision.error!)).toEqual({
      status: 403,
      headers: [['content-type', 'application/json']],
      body: '{"title":"Forbidden"}',
    });
  });

  it('get_event_ruleset_200.json without honorRuleAction: the route gets the event, untouched, and the action', async () => {
    provider.event = bytesOf('get_event_ruleset_200.json');
    const example = parsed('get_event_ruleset_200.json');
    atTimeOf(example);
    const { reports, options } = reportsOf({});

    const fingerprint = await serverApiGuard({ rulesetId: 'rs_b1k1blhqpOX3kU' }, options).verify(
      byId(example.event_id),
    );

    expect(fingerprint).toMatchObject({
      via: 'server-api',
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      replayCheck: 'claimed',
    });
    expect(fingerprint.event).toStrictEqual(example);
    expect(fingerprint.ruleAction).toEqual(example.rule_action);
    expect(reports[0]).toMatchObject({
      outcome: 'allowed',
      ruleAction: { type: 'block', rulesetId: 'rs_b1k1blhqpOX3kU', ruleId: 'r_uE0af8497PFAOD' },
    });
  });

  it('the Go SDK’s get_event_200_with_ruleset.json: its 403 and JSON body; its environment binds', async () => {
    provider.event = bytesOf('go-sdk-get_event_200_with_ruleset.json');
    const example = parsed('go-sdk-get_event_200_with_ruleset.json');
    atTimeOf(example);
    const ruleset = { rulesetId: 'rs_NLOjmgNLOjmgZG' };

    const blocked = await serverApiGuard(ruleset, { honorRuleAction: true }).decide(byId(example.event_id));
    expect(denialResponse(blocked.error!)).toEqual({
      status: 403,
      headers: [['content-type', 'application/json']],
      body: '{"message": "Blocked by Linux rule"}',
    });

    const sameEnvironment = serverApiGuard(ruleset, { bind: { environment: 'ae_15a941a1ca69a984' } });
    await expect(sameEnvironment.verify(byId(example.event_id))).resolves.toMatchObject({ eventId: example.event_id });
    const otherEnvironment = serverApiGuard(ruleset, { bind: { environment: 'ae_0000000000000000' } });
    const error = await expectGuardError(otherEnvironment.verify(byId(example.event_id)), 'EVENT_DENIED');
    expect(error.rule).toBe('environment');
  });

  it('the Go SDK’s extra rule action ("ignore", newer than the schema): let through, logged once, reported', async () => {
    provider.event = bytesOf('go-sdk-get_event_200_with_ruleset_extra_rule_action.json');
    const example = parsed('go-sdk-get_event_200_with_ruleset_extra_rule_action.json');
    atTimeOf(example);
    const logger = quiet();
    const { reports, options } = reportsOf({ honorRuleAction: true, logger });
    const guard = serverApiGuard({ rulesetId: 'rs_NLOjmgNLOjmgZG' }, options);

    const first = await guard.verify(byId(example.event_id));
    await expectGuardError(guard.verify(byId(example.event_id)), 'EVENT_REPLAYED');

    expect(first.ruleAction?.type).toBe('ignore');
    const unknown = logger.warn.mock.calls.filter(([, fields]) => fields?.event === 'rule-action-unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]![0]).toContain("'ignore'");
    expect(reports.map((report) => report.outcome)).toEqual(['allowed', 'EVENT_REPLAYED']);
    expect(reports[0]!.ruleAction).toEqual({
      type: 'ignore',
      rulesetId: 'rs_NLOjmgNLOjmgZG',
      ruleId: 'r_NLOjmgNLOjmgjW',
    });
  });
});

const key = generateKey();
/** The example's bytes, sealed as the agent seals them: deflated and encrypted, nothing re-serialised. */
const sealedBytes = (bytes: string): GuardRequest => ({
  headers: { 'fingerprint-sealed-result': sealPlaintext(deflateRawSync(bytes), key) },
});
const sealedGuard = (options: Partial<FingerprintGuardOptions> = {}) =>
  createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });

describe('bots: get_event_with_bot_info_200.json, a signed ChatGPT Agent, sealed', () => {
  const bytes = bytesOf('get_event_with_bot_info_200.json');
  const example = parsed('get_event_with_bot_info_200.json');
  /** What Fingerprint would report for automation claiming to be that agent. */
  const spoofed = bytes
    .replace('"bot": "good"', '"bot": "bad"')
    .replace('"identity": "signed"', '"identity": "spoofed"');

  it('is a good bot: deny.bot lets it through, deny.goodBot does not, and decisions name it', async () => {
    atTimeOf(example);
    const { reports, options } = reportsOf({ deny: { bot: true } });
    const fingerprint = await sealedGuard(options).verify(sealedBytes(bytes));
    expect(fingerprint.signals).toMatchObject({ bot: false, goodBot: true });
    expect(fingerprint.event).toStrictEqual(example);
    expect(reports[0]!.bot).toEqual({ category: 'ai_agent', provider: 'OpenAI', identity: 'signed' });

    const error = await expectGuardError(
      sealedGuard({ deny: { goodBot: true } }).verify(sealedBytes(bytes)),
      'EVENT_DENIED',
    );
    expect(error.rule).toBe('goodBot');
  });

  it('allowBots lets its category through deny.goodBot, and no other category', async () => {
    atTimeOf(example);
    const agents = sealedGuard({ deny: { goodBot: true }, allowBots: { categories: ['ai_agent'] } });
    await expect(agents.verify(sealedBytes(bytes))).resolves.toMatchObject({ visitorId: 'Ibk1527CUFmcnjLwIs4A9' });
    const crawlers = sealedGuard({ deny: { goodBot: true }, allowBots: { categories: ['search_engine_crawler'] } });
    await expectGuardError(crawlers.verify(sealedBytes(bytes)), 'EVENT_DENIED');
  });

  it('the same agent with a spoofed identity is a bad bot, denied by deny.bot whatever allowBots says', async () => {
    atTimeOf(example);
    const guard = sealedGuard({ deny: { bot: true }, allowBots: { categories: ['ai_agent'] } });
    const error = await expectGuardError(guard.verify(sealedBytes(spoofed)), 'EVENT_DENIED');
    expect(error.rule).toBe('bot');
  });
});

describe('signals: get_event_200.json, sealed', () => {
  const bytes = bytesOf('get_event_200.json');
  const example = parsed('get_event_200.json');

  it('accepted once at its time, then replayed, then too old', async () => {
    atTimeOf(example);
    const guard = sealedGuard();
    const fingerprint = await guard.verify(sealedBytes(bytes));
    expect(fingerprint).toMatchObject({
      provider: 'fingerprint',
      format: 'v4',
      via: 'sealed',
      eventId: '1708102555327.NLOjmg',
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      confidence: 0.97,
      replayCheck: 'claimed',
    });
    expect(fingerprint.event).toStrictEqual(example);
    await expectGuardError(guard.verify(sealedBytes(bytes)), 'EVENT_REPLAYED');
    vi.setSystemTime(example.timestamp + 10 * 60_000);
    await expectGuardError(sealedGuard().verify(sealedBytes(bytes)), 'EVENT_EXPIRED');
  });

  it.each<[string, Partial<FingerprintGuardOptions>, string | undefined]>([
    ['deny.proxy (proxy: true)', { deny: { proxy: true } }, 'proxy'],
    ['deny.vpn (vpn: false)', { deny: { vpn: true } }, undefined],
    [
      'deny.rareDevice, deny.antiDetectBrowser (both false)',
      { deny: { rareDevice: true, antiDetectBrowser: true } },
      undefined,
    ],
    [
      'deny.activeCall: active_call is not in this example, so unreported',
      { deny: { activeCall: true } },
      'activeCall',
    ],
    ['maxTamperingScore 0.5 (anomaly_score 0.1955)', { maxTamperingScore: 0.5 }, undefined],
    ['maxTamperingScore 0.1', { maxTamperingScore: 0.1 }, 'maxTamperingScore'],
    ['maxVpnScore: vpn_ml_score is not in this example, so unreported', { maxVpnScore: 0.9 }, 'maxVpnScore'],
    ['maxVelocity events 1h 5 (5 counted)', { maxVelocity: { events: { '1h': 5 } } }, undefined],
    [
      'maxVelocity distinctCountry 24h 1 (2 counted)',
      { maxVelocity: { distinctCountry: { '24h': 1 } } },
      'maxVelocity',
    ],
    [
      'maxVelocity distinctLinkedId 5m 1: distinct_linked_id is not in this example',
      { maxVelocity: { distinctLinkedId: { '5m': 1 } } },
      'maxVelocity',
    ],
  ])('%s', async (_name, options, deniedBy) => {
    atTimeOf(example);
    const decision = await sealedGuard(options).decide(sealedBytes(bytes));
    expect(decision.allowed ? undefined : decision.rule).toBe(deniedBy);
  });
});

describe('edge: the schema’s POST /v4/edge examples through fingerprint.edge', () => {
  const analyze = parsed<FingerprintEdgeRequest>('edge-analyze.json');
  /** The request analyze.json describes, as it reaches the app: no credential, so the edge check runs. */
  const incoming = (): GuardRequest => ({
    headers: Object.fromEntries(analyze.headers.map(({ name, value }) => [name.toLowerCase(), value])),
    method: analyze.method,
    url: analyze.url,
    ip: analyze.ipv4_address!,
  });
  const edgeGuard = (options: Partial<FingerprintGuardOptions>) =>
    createFingerprintGuard({
      fingerprint: { edge: { secretKey: SECRET, baseUrl: provider.baseUrl } },
      negativeCache: false,
      logger: quiet(),
      ...options,
    });

  it('sends what analyze.json sends: method, URL, each header line and the IPv4 address', async () => {
    provider.edge = bytesOf('edge-analyze_200_non_bot.json');
    await edgeGuard({}).verify(incoming());
    const sent = JSON.parse(provider.requests[0]!.body) as FingerprintEdgeRequest;
    expect(sent).toMatchObject({ method: 'POST', url: analyze.url, ipv4_address: '34.162.244.71' });
    const lines = (request: FingerprintEdgeRequest) =>
      request.headers.map(({ name, value }) => `${name.toLowerCase()}: ${value}`).sort();
    expect(lines(sent)).toEqual(lines(analyze));
  });

  it('analyze_200.json, a signed AI agent: deny.bot denies it unless allowBots lists ai_agent', async () => {
    provider.edge = bytesOf('edge-analyze_200.json');
    const { reports, options } = reportsOf({ deny: { bot: true } });
    const error = await expectGuardError(edgeGuard(options).verify(incoming()), 'EVENT_DENIED');
    expect(error.rule).toBe('bot');
    expect(reports[0]).toMatchObject({
      via: 'edge',
      bot: { category: 'ai_agent', provider: 'Fingerprint', identity: 'signed' },
    });
    const agents = edgeGuard({ deny: { bot: true }, allowBots: { categories: ['ai_agent'] } });
    await expect(agents.verify(incoming())).resolves.toMatchObject({ via: 'edge', replayCheck: 'not-applicable' });
  });

  it('analyze_200_non_bot.json: no bot, VPN or proxy, so every edge rule lets it through', async () => {
    provider.edge = bytesOf('edge-analyze_200_non_bot.json');
    const fingerprint = await edgeGuard({ deny: { bot: true, vpn: true, proxy: true } }).verify(incoming());
    expect(fingerprint.signals).toEqual({ bot: false, goodBot: false, vpn: false, proxy: false });
    expect(fingerprint.event).toStrictEqual(parsed('edge-analyze_200_non_bot.json'));
  });

  it('analyze_200_proxy.json: deny.proxy denies it, deny.bot and deny.vpn do not', async () => {
    provider.edge = bytesOf('edge-analyze_200_proxy.json');
    const error = await expectGuardError(edgeGuard({ deny: { proxy: true } }).verify(incoming()), 'EVENT_DENIED');
    expect(error.rule).toBe('proxy');
    await expect(edgeGuard({ deny: { bot: true, vpn: true } }).verify(incoming())).resolves.toMatchObject({
      signals: { proxy: true },
    });
  });
});
