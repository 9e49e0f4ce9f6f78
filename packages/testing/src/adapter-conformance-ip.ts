/** The adapter table's rows for `clientIp` presets: which header each trusts, from which connecting address, over real HTTP. */
import { type ClientIpPreset, type DecisionReport, ipFrom } from '@fingerprint-guard/core';
import { expect, it } from 'vitest';
import type { GuardedApp } from './adapter-fixtures.js';
import type { TableHelpers } from './adapter-conformance-rules.js';

/** What the adapter gives the presets. */
export interface ClientIpFeatures {
  /** The connecting address (`input.peer`): every adapter but Next's route handlers. */
  peer: boolean;
}

/** The server's address, and the one the client connects from: IPv4, IPv4-mapped on `::`, and IPv6. */
const CONNECTIONS = [
  ['127.0.0.1', '127.0.0.1'],
  ['::', '127.0.0.1'],
  ['::', '::1'],
] as const;

const SPOOFED = '203.0.113.9';

/** `make()` with `name` set to `value` (or unset): presets read the platform's variables when they are built. */
function withEnv<T>(name: string, value: string | undefined, make: () => T): T {
  const saved = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return make();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

/** The app as the client reaches it: over IPv6 loopback when it connects from `::1`. */
const reachedFrom = (app: GuardedApp, client: string): GuardedApp =>
  client === '::1' ? { ...app, url: app.url.replace('//127.0.0.1:', '//[::1]:') } : app;

/** Registers the rows (inside the table's `describe`). */
export function clientIpRows({ start, post, sealed }: TableHelpers, { peer }: ClientIpFeatures): void {
  const bound = async (clientIp: ClientIpPreset, host: '127.0.0.1' | '::' = '127.0.0.1') => {
    const reports: DecisionReport[] = [];
    const app = await start(
      { bind: { ip: true }, clientIp, onDecision: (report) => void reports.push(report) },
      { host },
    );
    return { app, reports };
  };
  const from = (app: GuardedApp, eventIp: string, headers: Record<string, string>) =>
    post(app, sealed({ ip_address: eventIp }), undefined, headers);

  it.each(CONNECTIONS)(
    'ipFrom.forwardedFor on a server listening on %s, client %s: a trusted peer’s X-Forwarded-For, right to left',
    async (host, client) => {
      const clientIp = ipFrom.forwardedFor({ trustedProxies: ['127.0.0.0/8', '::1/128', '10.0.0.0/8'] });
      if (!peer) {
        await expect(bound(clientIp, host)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
        return;
      }
      const { app, reports } = await bound(clientIp, host);
      const proxied = reachedFrom(app, client);
      const xff = (value: string) => ({ 'x-forwarded-for': value });
      expect((await from(proxied, '198.51.100.7', xff('198.51.100.7'))).status).toBe(200);
      expect((await from(proxied, '198.51.100.7', xff('198.51.100.7, 10.0.0.2'))).status).toBe(200);
      expect((await from(proxied, '2001:db8::7', xff('2001:db8::1'))).status).toBe(200);
      expect((await from(proxied, '198.51.100.7', xff('64:ff9b::c633:6407'))).status).toBe(200);
      // The client's own entry, left of the first untrusted hop, is never read.
      expect(await from(proxied, SPOOFED, xff(`${SPOOFED}, 198.51.100.7`))).toMatchObject({
        status: 403,
        body: { error: { code: 'EVENT_DENIED', rule: 'ip' } },
      });
      expect(reports.map((report) => report.ipSource)).toEqual(Array(5).fill('forwarded-for'));
    },
  );

  it.each(CONNECTIONS)(
    'a client-set header from an untrusted peer is not trusted (server on %s, client %s): every preset',
    async (host, client) => {
      const presets: Array<[ClientIpPreset, string]> = [
        [ipFrom.forwardedFor({ trustedProxies: ['10.0.0.0/8'] }), 'x-forwarded-for'],
        [ipFrom.cloudflare(), 'cf-connecting-ip'],
        [withEnv('VERCEL', undefined, () => ipFrom.vercel()), 'x-real-ip'],
        [withEnv('FLY_APP_NAME', undefined, () => ipFrom.fly()), 'fly-client-ip'],
      ];
      for (const [clientIp, header] of presets) {
        // Where the adapter has no connecting address these cannot be configured (the row below).
        if (!peer && clientIp.needsPeer) continue;
        const { app, reports } = await bound(clientIp, host);
        const direct = reachedFrom(app, client);
        const spoof = { [header]: SPOOFED };
        expect(await from(direct, SPOOFED, spoof), header).toMatchObject({
          status: 403,
          body: { error: { rule: 'ip' } },
        });
        // The connecting address is the client, where the adapter knows it; elsewhere there is none.
        expect((await from(direct, client, spoof)).status, header).toBe(peer ? 200 : 403);
        expect(
          reports.map((report) => report.ipSource),
          header,
        ).toEqual(Array(2).fill(peer ? 'peer' : 'none'));
      }
    },
  );

  if (!peer) {
    it('a preset that checks the connecting address is CONFIG_INVALID where the adapter has none', async () => {
      for (const clientIp of [ipFrom.cloudflare(), ipFrom.forwardedFor({ trustedProxies: ['10.0.0.0/8'] })])
        await expect(bound(clientIp)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    });
  }

  it.each([
    ['ipFrom.vercel()', 'VERCEL', '1', () => ipFrom.vercel(), 'x-real-ip', 'vercel'],
    ['ipFrom.fly()', 'FLY_APP_NAME', 'conformance', () => ipFrom.fly(), 'fly-client-ip', 'fly'],
  ] as const)(
    '%s on its platform (%s=%s) trusts the header its proxy sets',
    async (_name, variable, value, make, header, source) => {
      const { app, reports } = await bound(withEnv(variable, value, make));
      expect((await from(app, '198.51.100.7', { [header]: '198.51.100.7' })).status).toBe(200);
      expect(await from(app, '198.51.100.7', { [header]: '198.51.100.8' })).toMatchObject({
        status: 403,
        body: { error: { rule: 'ip' } },
      });
      expect(reports.map((report) => report.ipSource)).toEqual([source, source]);
    },
  );
}
