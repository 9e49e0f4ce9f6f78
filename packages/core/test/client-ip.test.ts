// clientIp presets (ipFrom) through the real guard: which header each trusts, from which connecting
// address, and what onDecision reports as ipSource. Over HTTP they run in every adapter's table.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterNeeds } from '../src/engine/plumbing.js';
import {
  CLOUDFLARE_IP_RANGES,
  createFingerprintGuard,
  ipFrom,
  MemoryReplayStore,
  type DecisionReport,
  type FingerprintGuardOptions,
  type GuardRequest,
} from '../src/index.js';
import { createEvent, expectConfigError, generateKey, sealEvent } from './helpers.js';

const key = generateKey();
const EVENT_IP = '203.0.113.42'; // createEvent's ip_address
const CLOUDFLARE_PEER = '173.245.48.5';

function guardWith(options: Partial<FingerprintGuardOptions>, reports: DecisionReport[] = []) {
  const logger = { warn: vi.fn(), error: vi.fn() };
  const guard = createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    bind: { ip: true },
    logger,
    onDecision: (report) => void reports.push(report),
    ...options,
  });
  return Object.assign(guard, { logger, reports });
}

/** A request carrying a fresh sealed result made from `eventIp`, with `headers`, from `peer`. */
function request(peer: string | undefined, headers: Record<string, string> = {}, eventIp = EVENT_IP) {
  const sealed = sealEvent(createEvent({ ip_address: eventIp }), key);
  return { headers: { 'fingerprint-sealed-result': sealed, ...headers }, ...(peer === undefined ? {} : { peer }) };
}

/** The decision's outcome and the ipSource onDecision reported for it. */
async function judged(guard: ReturnType<typeof guardWith>, req: GuardRequest) {
  const decision = await guard.decide(req);
  return [decision.allowed ? 'allowed' : decision.rule, guard.reports.at(-1)?.ipSource];
}

describe('bind.ip reads IPv6 forms of an IPv4 client as that client', () => {
  it('folds NAT64 (64:ff9b::/96) as it folds IPv4-mapped addresses, and nothing else', async () => {
    const guard = guardWith({});
    for (const ip of ['203.0.113.42', '::ffff:203.0.113.42', '64:ff9b::203.0.113.42', '64:ff9b::cb00:712a'])
      expect(await judged(guard, { ...request(undefined), ip }), ip).toEqual(['allowed', 'adapter']);
    for (const ip of ['64:ff9b:1::203.0.113.42', '64:ff9b::203.0.113.43', '::203.0.113.42'])
      expect(await judged(guard, { ...request(undefined), ip }), ip).toEqual(['ip', 'adapter']);
    // The event's own address may be NAT64 too.
    expect(await judged(guard, { ...request(undefined, {}, '64:ff9b::203.0.113.42'), ip: EVENT_IP })).toEqual([
      'allowed',
      'adapter',
    ]);
  });
});

describe('ipFrom.cloudflare()', () => {
  const spoof = { 'cf-connecting-ip': EVENT_IP };

  it('trusts CF-Connecting-IP only from a connecting address in Cloudflare’s ranges, IPv4, IPv6 or IPv4-mapped', async () => {
    const guard = guardWith({ clientIp: ipFrom.cloudflare() });
    expect(adapterNeeds(guard)?.peer).toBe(true);
    for (const peer of [CLOUDFLARE_PEER, '::ffff:173.245.48.5', '2400:cb00:2049::1', '2a06:98c0:3600::103'])
      expect(await judged(guard, request(peer, spoof)), peer).toEqual(['allowed', 'cloudflare']);
    // A client that connects directly and sets the header is judged by its own address.
    expect(await judged(guard, request('198.51.100.7', spoof))).toEqual(['ip', 'peer']);
    expect(await judged(guard, request('198.51.100.7', spoof, '198.51.100.7'))).toEqual(['allowed', 'peer']);
    expect(await judged(guard, request('::1', spoof))).toEqual(['ip', 'peer']);
  });

  it('without a connecting address (off Workers) trusts nothing; from Cloudflare without the header, no IP', async () => {
    const guard = guardWith({ clientIp: ipFrom.cloudflare() });
    expect(await judged(guard, request(undefined, spoof))).toEqual(['ip', 'none']);
    expect(await judged(guard, request(CLOUDFLARE_PEER))).toEqual(['ip', 'none']);
    // Two values (a client's and Cloudflare's) are no single address.
    expect(await judged(guard, request(CLOUDFLARE_PEER, { 'cf-connecting-ip': `${EVENT_IP}, 198.51.100.7` }))).toEqual([
      'ip',
      'none',
    ]);
  });

  it('reads CF-Connecting-IPv6 only when Pseudo IPv4 overwrote CF-Connecting-IP with a Class E address', async () => {
    const guard = guardWith({ clientIp: ipFrom.cloudflare() });
    const v6 = '2001:db8:1:2::77';
    expect(
      await judged(guard, request(CLOUDFLARE_PEER, { 'cf-connecting-ip': '240.16.0.1', 'cf-connecting-ipv6': v6 }, v6)),
    ).toEqual(['allowed', 'cloudflare']);
    // With a real CF-Connecting-IP, a CF-Connecting-IPv6 the client sent is not read.
    expect(
      await judged(
        guard,
        request(CLOUDFLARE_PEER, { 'cf-connecting-ip': '198.51.100.7', 'cf-connecting-ipv6': v6 }, v6),
      ),
    ).toEqual(['ip', 'cloudflare']);
    expect(await judged(guard, request(CLOUDFLARE_PEER, { 'cf-connecting-ip': '240.16.0.1' }))).toEqual(['ip', 'none']);
  });

  it('takes newer ranges in place of the bundled ones, and refuses a malformed one at start-up', async () => {
    const guard = guardWith({ clientIp: ipFrom.cloudflare({ ranges: ['192.0.2.0/24'] }) });
    expect(await judged(guard, request('192.0.2.9', spoof))).toEqual(['allowed', 'cloudflare']);
    expect(await judged(guard, request(CLOUDFLARE_PEER, spoof))).toEqual(['ip', 'peer']);
    for (const ranges of [[], ['192.0.2.0/33'], ['not a range'], ['10.0.0.0/08']])
      expect(expectConfigError(() => ipFrom.cloudflare({ ranges })).message).toContain('ipFrom.cloudflare');
  });

  it('bundles Cloudflare’s published lists with their source and date, every entry a range of its family', () => {
    expect(CLOUDFLARE_IP_RANGES.source).toBe('https://www.cloudflare.com/ips/');
    expect(CLOUDFLARE_IP_RANGES.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(CLOUDFLARE_IP_RANGES.ipv4.every((range) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(range))).toBe(true);
    expect(CLOUDFLARE_IP_RANGES.ipv6.every((range) => /^[0-9a-f:]+::\/\d+$/.test(range))).toBe(true);
  });
});

describe('ipFrom.forwardedFor({ trustedProxies })', () => {
  const preset = () => ipFrom.forwardedFor({ trustedProxies: ['10.0.0.0/8', 'fd00::/8', '192.0.2.10'] });

  it('reads right to left past trusted hops; the right-most untrusted hop is the client', async () => {
    const guard = guardWith({ clientIp: preset() });
    const xff = (value: string) => ({ 'x-forwarded-for': value });
    expect(await judged(guard, request('10.0.0.1', xff(EVENT_IP)))).toEqual(['allowed', 'forwarded-for']);
    expect(await judged(guard, request('10.0.0.1', xff(`${EVENT_IP}, 10.1.2.3, fd00::7`)))).toEqual([
      'allowed',
      'forwarded-for',
    ]);
    // What the client wrote on the left is never read past an untrusted hop.
    expect(await judged(guard, request('10.0.0.1', xff(`${EVENT_IP}, 198.51.100.7`)))).toEqual(['ip', 'forwarded-for']);
    expect(await judged(guard, request('fd00::1', xff(`[${'2001:db8::1'}]:4711`), '2001:db8::99'))).toEqual([
      'allowed',
      'forwarded-for',
    ]);
    expect(await judged(guard, request('::ffff:192.0.2.10', xff(`${EVENT_IP}:443`)))).toEqual([
      'allowed',
      'forwarded-for',
    ]);
    expect(await judged(guard, request('10.0.0.1', xff('64:ff9b::cb00:712a')))).toEqual(['allowed', 'forwarded-for']);
  });

  it('ignores the header from an untrusted peer, and trusts no hop it cannot read', async () => {
    const guard = guardWith({ clientIp: preset() });
    expect(adapterNeeds(guard)?.peer).toBe(true);
    expect(await judged(guard, request('198.51.100.7', { 'x-forwarded-for': EVENT_IP }))).toEqual(['ip', 'peer']);
    expect(await judged(guard, request(EVENT_IP, { 'x-forwarded-for': '198.51.100.7' }))).toEqual(['allowed', 'peer']);
    expect(await judged(guard, request(undefined, { 'x-forwarded-for': EVENT_IP }))).toEqual(['ip', 'none']);
    expect(await judged(guard, request('10.0.0.1', { 'x-forwarded-for': `${EVENT_IP}, unknown` }))).toEqual([
      'ip',
      'none',
    ]);
    // A trusted peer with no header is itself the client (a health check from the proxy).
    expect(await judged(guard, request('10.0.0.1'))).toEqual(['ip', 'peer']);
    // Every hop trusted: the left-most, as far as the trusted chain goes.
    expect(await judged(guard, request('10.0.0.1', { 'x-forwarded-for': '10.9.9.9, 10.1.1.1' }, '10.9.9.9'))).toEqual([
      'allowed',
      'forwarded-for',
    ]);
  });

  it('refuses at start-up a list that is empty, malformed, or trusts every address', () => {
    for (const trustedProxies of [[], ['10.0.0.0/8', 'proxy.internal'], ['0.0.0.0/0'], ['::/0'], ['::ffff:0:0/96']])
      expect(() => ipFrom.forwardedFor({ trustedProxies })).toThrow(/ipFrom\.forwardedFor/);
    expectConfigError(() => ipFrom.forwardedFor(undefined as never));
  });
});

describe('ipFrom.vercel() and ipFrom.fly(): the platform’s header, only on the platform', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ['vercel', () => ipFrom.vercel(), 'VERCEL', '1', 'x-real-ip'],
    ['vercel', () => ipFrom.vercel(), 'VERCEL', '1', 'x-vercel-forwarded-for'],
    ['fly', () => ipFrom.fly(), 'FLY_APP_NAME', 'my-app', 'fly-client-ip'],
  ] as const)(
    '%s: %s=%s trusts %s; elsewhere it is ignored, and said once',
    async (source, make, name, value, header) => {
      vi.stubEnv(name, '');
      const elsewhere = guardWith({ clientIp: make() });
      expect(adapterNeeds(elsewhere)?.peer).toBe(false);
      expect(elsewhere.logger.warn).toHaveBeenCalledTimes(1);
      expect(elsewhere.logger.warn.mock.calls[0]![1]).toEqual({ event: 'client-ip-untrusted', source });
      expect(await judged(elsewhere, request('198.51.100.7', { [header]: EVENT_IP }))).toEqual(['ip', 'peer']);
      expect(await judged(elsewhere, request(undefined, { [header]: EVENT_IP }))).toEqual(['ip', 'none']);

      vi.stubEnv(name, value);
      const onPlatform = guardWith({ clientIp: make() });
      expect(onPlatform.logger.warn).not.toHaveBeenCalled();
      expect(await judged(onPlatform, request(undefined, { [header]: EVENT_IP }))).toEqual(['allowed', source]);
      expect(await judged(onPlatform, request(undefined, { [header]: `${EVENT_IP}, 198.51.100.7` }))).toEqual([
        'ip',
        'none',
      ]);
    },
  );
});

describe('the clientIp option and ipSource', () => {
  it('reports where the IP came from: the adapter, your function, or none; nothing without bind.ip', async () => {
    const reports: DecisionReport[] = [];
    await guardWith({}, reports).decide({ ...request(undefined), ip: EVENT_IP });
    await guardWith({ clientIp: () => EVENT_IP }, reports).decide(request(undefined));
    await guardWith({ clientIp: () => 'not an address' }, reports).decide(request(undefined));
    await guardWith({ bind: { origin: ['https://shop.example.com'] }, clientIp: ipFrom.cloudflare() }, reports).decide(
      request(CLOUDFLARE_PEER),
    );
    expect(reports.map((report) => [report.outcome, report.ipSource])).toEqual([
      ['allowed', 'adapter'],
      ['allowed', 'clientIp'],
      ['EVENT_DENIED', 'none'],
      ['allowed', undefined],
    ]);
    expect('ipSource' in reports[3]!).toBe(false);
  });

  it('is a function or an ipFrom preset; anything else is CONFIG_INVALID, even without bind.ip', () => {
    for (const clientIp of ['x-real-ip', { header: 'x-real-ip' }, 42])
      expect(expectConfigError(() => guardWith({ bind: undefined, clientIp: clientIp as never })).message).toContain(
        'ipFrom',
      );
  });
});
