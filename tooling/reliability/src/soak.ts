/**
 * Soak: mixed traffic (fresh, replayed, stale, tampered) against the Express example for a while,
 * with the memory store or Redis. Every replay must be rejected; memory must stay flat.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
  /** Memory at every sample: the RSS, the live heap and the keys a memory store holds. */
  memory: MemorySample[];
}

export interface MemorySample {
  second: number;
  rssMb: number;
  /** V8's heap still live after a full collection: what is really kept, free of GC timing. */
  liveHeapMb: number;
  /** Keys held by the memory store (expired ones not yet dropped included); absent for Redis. */
  storeKeys?: number;
  /** Accepted events whose replay window has not ended: the keys a store must still hold. */
  liveAccepted: number;
}

type Kind = 'fresh' | 'replay' | 'stale' | 'tampered';
// The soak's stores' window: the example's guards' maxAge (2m) + clockSkew (10s). A claimed key lives
// until its event's timestamp + the window; the default 15 minutes would fill a 100,000-key memory
// store within a 5-minute soak at this rate.
const REPLAY_WINDOW = '130s';
const REPLAY_WINDOW_MS = 130_000;
const EXPECTED: Record<Kind, string> = {
  fresh: '200',
  replay: '409 EVENT_REPLAYED',
  stale: '401 EVENT_EXPIRED',
  tampered: '401 SEALED_RESULT_DECRYPTION_FAILED',
};

// A full GC before each heap reading, without asking every caller for --expose-gc: a new
// context created after the flag is set gets the `gc` function.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export async function runSoak(options: {
  seconds: number;
  store: 'memory' | 'redis';
  redisUrl?: string;
  concurrency?: number;
  scanner: SecretScanner;
}): Promise<SoakReport> {
  // The Express example itself, as a user would run it (plain JavaScript, imported by a name TypeScript does not follow).
  const example = {
    app: '@fingerprint-guard/example-express/app',
    config: '@fingerprint-guard/example-express/config',
  };
  const { createApp } = (await import(example.app)) as { createApp: (options: object) => import('express').Express };
  const { readConfig } = (await import(example.config)) as {
    readConfig: (env: object) => object;
  };
  const cside = await createFakeCside();
  const redis =
    options.store === 'redis'
      ? await createClient({ url: options.redisUrl })
          .on('error', () => {})
          .connect()
      : undefined;
  const memoryStore = redis ? undefined : new MemoryReplayStore({ window: REPLAY_WINDOW });
  const store: ReplayStore =
    memoryStore ??
    createRedisReplayStore({ client: redis!, prefix: `fpg:soak:${randomUUID()}:`, window: REPLAY_WINDOW });
  // As the example's server.js does: the port first, as the login binds identifications to the
  // page's origin (and to the client IP); the example's real-key mode, with the key the soak seals with.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = readConfig({ FP_SEALED_KEYS: EXAMPLE_DEV_KEY });
  server.on(
    'request',
    createApp({
      config,
      origins: [origin],
      store,
      cside: { apiKey: cside.apiKey, baseUrl: cside.url, scriptUrl: `${cside.url}/client.js` },
    }),
  );
  const url = `${origin}/api/login`;
  /** An identification made on the example's page, from this machine: what the login's `bind` expects. */
  const event = (overrides: Parameters<typeof createEvent>[0] = {}) =>
    createEvent({ ip_address: '127.0.0.1', url: `${origin}/`, ...overrides });

  const report: SoakReport = {
    store: options.store,
    seconds: options.seconds,
    requests: 0,
    byKind: {},
    replaysAccepted: 0,
    unexpected: 0,
    latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
    memory: [],
  };
  // A fixed-size HDR histogram (nanoseconds, 3 significant digits): unlike an array of every
  // latency, it does not grow with the run and so stays out of the live-heap figures.
  const latencies = createHistogram();
  const accepted: string[] = [];
  // When each accepted event's window ends, in acceptance order; entries before `ended` are past.
  const windowEnds: number[] = [];
  let ended = 0;
  const liveAccepted = () => {
    while (ended < windowEnds.length && windowEnds[ended]! <= Date.now()) ended++;
    if (ended > 10_000) {
      windowEnds.splice(0, ended);
      ended = 0;
    }
    return windowEnds.length - ended;
  };
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const sample = () => {
    collectGarbage();
    const { rss, heapUsed } = process.memoryUsage();
    report.memory.push({
      second: Math.round((Date.now() - started) / 1000),
      rssMb: mb(rss),
      liveHeapMb: mb(heapUsed),
      storeKeys: memoryStore?.size,
      liveAccepted: liveAccepted(),
    });
  };
  sample();
  const sampler = setInterval(sample, Math.max(1000, (options.seconds * 1000) / 30));

  const credential = (kind: Kind): string => {
    if (kind === 'replay' && accepted.length) return accepted[Math.floor(Math.random() * accepted.length)]!;
    if (kind === 'stale') return sealEvent(event({ timestamp: Date.now() - 10 * 60_000 }), EXAMPLE_DEV_KEY);
    const sealed = sealEvent(event(), EXAMPLE_DEV_KEY);
    if (kind !== 'tampered') return sealed;
    const bytes = Buffer.from(sealed, 'base64');
    bytes[40]! ^= 1;
    return bytes.toString('base64');
  };

  async function worker() {
    while (Date.now() < deadline) {
      const roll = Math.random();
      const kind: Kind =
        roll < 0.5 || accepted.length === 0 ? 'fresh' : roll < 0.75 ? 'replay' : roll < 0.875 ? 'stale' : 'tampered';
      const issuedAt = Date.now();
      const sealed = credential(kind);
      const t0 = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'soak', sealed_result: sealed }),
      });
      const body = await response.text();
      latencies.record(Math.max(1, Math.round((performance.now() - t0) * 1e6)));
      report.requests++;
      const code =
        response.status === 200
          ? '200'
          : `${response.status} ${(JSON.parse(body) as { error: { code: string } }).error.code}`;
      report.byKind[kind] ??= {};
      report.byKind[kind][code] = (report.byKind[kind][code] ?? 0) + 1;
      if (code !== EXPECTED[kind]) report.unexpected++;
      if (kind === 'replay' && response.status === 200) report.replaysAccepted++;
      if (kind === 'fresh' && response.status === 200) {
        // The last 5,000 acceptances (seconds of traffic): a replay of one must get 409, well
        // before maxAge would make it EVENT_EXPIRED instead.
        accepted.push(sealed);
        if (accepted.length > 5_000) accepted.shift();
        windowEnds.push(issuedAt + REPLAY_WINDOW_MS);
      }
      if (report.requests % 101 === 0) options.scanner.scan('soak response', body);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  clearInterval(sampler);
  sample();
  const ms = (nanoseconds: number) => +(nanoseconds / 1e6).toFixed(1);
  report.latencyMs = {
    p50: ms(latencies.percentile(50)),
    p95: ms(latencies.percentile(95)),
    p99: ms(latencies.percentile(99)),
    max: ms(latencies.max),
  };
  server.close();
  await cside.close();
  await redis?.quit();
  return report;
}
