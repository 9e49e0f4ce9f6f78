/**
 * Soak: mixed traffic (fresh, replayed, stale, tampered) against the Express example for a while,
 * with the memory store or Redis. Every replay must be rejected; memory must stay flat.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { MemoryReplayStore, type ReplayStore } from '@fingerprint-guard/express';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { createEvent, createFakeCside, sealEvent } from '@fingerprint-guard/testing';
import type { SecretScanner } from './secrets.js';

export const EXAMPLE_DEV_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export interface SoakReport {
  store: 'memory' | 'redis';
  seconds: number;
  requests: number;
  byKind: Record<string, Record<string, number>>;
  /** A replay answered 200: must stay 0. */
  replaysAccepted: number;
  /** Any answer other than the one its kind must get: must stay 0. */
  unexpected: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** [seconds since start, RSS MB] every sample. */
  rss: Array<[number, number]>;
}

type Kind = 'fresh' | 'replay' | 'stale' | 'tampered';
const EXPECTED: Record<Kind, string> = { fresh: '200', replay: '409 EVENT_REPLAYED', stale: '401 EVENT_EXPIRED', tampered: '401 SEALED_RESULT_DECRYPTION_FAILED' };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function runSoak(options: { seconds: number; store: 'memory' | 'redis'; redisUrl?: string; concurrency?: number; scanner: SecretScanner }): Promise<SoakReport> {
  // The Express example itself, as a user would run it (plain JS, loaded by path).
  const exampleUrl = new URL('../../../examples/express/src/app.js', import.meta.url).href;
  const { createApp } = (await import(exampleUrl)) as { createApp: (options: object) => import('express').Express };
  const { readConfig } = (await import(new URL('../../../examples/express/src/config.js', import.meta.url).href)) as { readConfig: (env: object) => object };
  const cside = await createFakeCside();
  const redis = options.store === 'redis' ? await createClient({ url: options.redisUrl }).on('error', () => {}).connect() : undefined;
  const store: ReplayStore = redis ? createRedisReplayStore({ client: redis, prefix: `fpg:soak:${randomUUID()}:` }) : new MemoryReplayStore();
  const app = createApp({ config: readConfig({}), store, cside: { apiKey: cside.apiKey, baseUrl: cside.url, scriptUrl: `${cside.url}/client.js` } });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/login`;

  const report: SoakReport = { store: options.store, seconds: options.seconds, requests: 0, byKind: {}, replaysAccepted: 0, unexpected: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 }, rss: [] };
  const latencies: number[] = [];
  const accepted: string[] = [];
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const sample = () => report.rss.push([Math.round((Date.now() - started) / 1000), Math.round(process.memoryUsage().rss / 1024 / 1024)]);
  sample();
  const sampler = setInterval(sample, Math.max(1000, (options.seconds * 1000) / 30));

  const credential = (kind: Kind): string => {
    if (kind === 'replay' && accepted.length) return accepted[Math.floor(Math.random() * accepted.length)]!;
    if (kind === 'stale') return sealEvent(createEvent({ timestamp: Date.now() - 10 * 60_000 }), EXAMPLE_DEV_KEY);
    const sealed = sealEvent(createEvent(), EXAMPLE_DEV_KEY);
    if (kind !== 'tampered') return sealed;
    const bytes = Buffer.from(sealed, 'base64');
    bytes[40]! ^= 1;
    return bytes.toString('base64');
  };

  async function worker() {
    while (Date.now() < deadline) {
      const roll = Math.random();
      const kind: Kind = roll < 0.5 || accepted.length === 0 ? 'fresh' : roll < 0.75 ? 'replay' : roll < 0.875 ? 'stale' : 'tampered';
      const sealed = credential(kind);
      const t0 = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'soak', sealed_result: sealed }) });
      const body = await response.text();
      latencies.push(performance.now() - t0);
      report.requests++;
      const code = response.status === 200 ? '200' : `${response.status} ${(JSON.parse(body) as { error: { code: string } }).error.code}`;
      (report.byKind[kind] ??= {})[code] = (report.byKind[kind]![code] ?? 0) + 1;
      if (code !== EXPECTED[kind]) report.unexpected++;
      if (kind === 'replay' && response.status === 200) report.replaysAccepted++;
      if (kind === 'fresh' && response.status === 200) {
        // The last 5,000 acceptances (seconds of traffic): a replay of one must get 409, well
        // before maxAge would make it EVENT_EXPIRED instead.
        accepted.push(sealed);
        if (accepted.length > 5_000) accepted.shift();
      }
      if (report.requests % 101 === 0) options.scanner.scan('soak response', body);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  clearInterval(sampler);
  sample();
  latencies.sort((a, b) => a - b);
  report.latencyMs = {
    p50: +percentile(latencies, 50).toFixed(1),
    p95: +percentile(latencies, 95).toFixed(1),
    p99: +percentile(latencies, 99).toFixed(1),
    max: +(latencies.at(-1) ?? 0).toFixed(1),
  };
  server.close();
  await cside.close();
  await redis?.quit();
  return report;
}
