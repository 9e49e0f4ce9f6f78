/** A junk flood against a slow provider: does verification stay on for everyone else? Real sockets, one source address per client. */
import { Agent, request as httpRequest } from 'node:http';
import express from 'express';
import { fingerprintGuard, MemoryReplayStore } from '@fingerprint-guard/express';
import { createFakeCside } from '@fingerprint-guard/testing';
import { FAULT_SECRETS } from './faults.js';
import { listen, tally } from './http-app.js';
import type { SecretScanner } from './secrets.js';

export interface JunkFloodOptions {
  /** How long legitimate checkouts keep coming while the flood runs, seconds. */
  seconds: number;
  /** Legitimate checkouts over that time, evenly spaced, each from its own address. */
  legitimate: number;
  /** Attacker connections, each sending a fresh junk token as soon as the last one is answered. Default 32. */
  attackers?: number;
  /** How long the provider takes to answer anything, ms. Default 1,000. */
  providerLatencyMs?: number;
  /**
   * `apart`: the attacker's sockets from 127.0.0.2, each checkout from its own 127.0.1.x (the
   * client IPs Express gives the guard). `one address`: everything from 127.0.0.1, so every
   * call waits in one line: what the fair share between clients buys.
   */
  addresses: 'apart' | 'one address';
  scanner?: SecretScanner;
}

export interface JunkFloodReport {
  addresses: JunkFloodOptions['addresses'];
  seconds: number;
  attackers: number;
  providerLatencyMs: number;
  /** The guard's `maxWait` (cside's default). */
  maxWaitMs: number;
  legitimate: {
    sent: number;
    /** Answered 200 within maxWait. */
    verified: number;
    outcomes: Record<string, number>;
    /** Of the verified checkouts: ms from sending to the answer. */
    latencyMs: { p50: number; p95: number; max: number };
  };
  junk: { sent: number; perSecond: number; outcomes: Record<string, number> };
  /** Requests the fake provider received. */
  providerCalls: number;
}

/** Issue 23's target: the share of legitimate requests verified within maxWait during the flood. */
export const JUNK_FLOOD_TARGET = 0.9;
const MAX_WAIT_MS = 10_000;
const WARM_UP_MS = 2_000;
const JUNK = (i: number) => `fake.flood-junk-${i}-${'x'.repeat(24)}`;

interface Answered {
  status: number;
  code?: string;
  body: string;
  millis: number;
}

/** One POST with a cside token from `localAddress`, on `agent` (or its own connection); never rejects. */
function post(url: string, token: string, localAddress: string, agent?: Agent): Promise<Answered> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'cside-token': token, 'content-length': 0 },
      localAddress,
      agent: agent ?? false,
    });
    request.setTimeout(MAX_WAIT_MS + 10_000, () => request.destroy());
    request.on('error', () => resolve({ status: 0, body: '', millis: performance.now() - started }));
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
        } catch {}
        resolve({ status: response.statusCode ?? 0, code, body, millis: performance.now() - started });
      });
    });
    request.end();
  });
}

const label = (a: Answered) => (a.status === 0 ? '0 no answer' : a.code ? `${a.status} ${a.code}` : `${a.status}`);
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

/**
 * A fake cside that answers everything in `providerLatencyMs`, behind Express and
 * `fingerprintGuard` with cside's defaults (maxWait 10 s, maxConcurrent 32). The attacker's
 * connections flood fresh junk tokens for a warm-up, then legitimate checkouts arrive evenly for
 * `seconds`, each with a genuine token, each from its own connection; then the flood stops.
 */
export async function runJunkFlood(options: JunkFloodOptions): Promise<JunkFloodReport> {
  const attackers = options.attackers ?? 32;
  const providerLatencyMs = options.providerLatencyMs ?? 1_000;
  const fake = await createFakeCside({ apiKey: FAULT_SECRETS.csideApiKey, latencyMs: providerLatencyMs });
  const quiet = { warn() {}, error() {} };
  const app = express();
  app.post(
    '/checkout',
    fingerprintGuard({
      cside: { apiKey: FAULT_SECRETS.csideApiKey, baseUrl: fake.url },
      replay: { store: new MemoryReplayStore() },
      logger: quiet,
    }),
    (_req, res) => void res.json({ ok: true }),
  );
  const server = await listen(app);
  const url = `${server.url}/checkout`;
  const apart = options.addresses === 'apart';

  let flooding = true;
  let junkSent = 0;
  const junkOutcomes: Record<string, number> = {};
  const attacker = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (flooding) {
      const answer = await post(url, JUNK(junkSent++), apart ? '127.0.0.2' : '127.0.0.1', agent);
      options.scanner?.scan('junk flood response', answer.body);
      tally(junkOutcomes, label(answer));
    }
    agent.destroy();
  };
  const floodStarted = performance.now();
  const flood = Promise.all(Array.from({ length: attackers }, attacker));
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));

  const spacingMs = (options.seconds * 1000) / options.legitimate;
  const checkouts: Array<Promise<Answered>> = [];
  for (let i = 0; i < options.legitimate; i++) {
    const address = apart ? `127.0.1.${(i % 250) + 1}` : '127.0.0.1';
    checkouts.push(post(url, fake.issueToken(), address));
    await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  const answers = await Promise.all(checkouts);
  flooding = false;
  await flood;
  const floodSeconds = (performance.now() - floodStarted) / 1000;
  await server.close();
  await fake.close();

  const outcomes: Record<string, number> = {};
  for (const answer of answers) {
    options.scanner?.scan('junk flood checkout', answer.body);
    tally(outcomes, label(answer));
  }
  const verified = answers.filter((a) => a.status === 200 && a.millis <= MAX_WAIT_MS);
  const latencies = verified.map((a) => a.millis).sort((x, y) => x - y);
  return {
    addresses: options.addresses,
    seconds: options.seconds,
    attackers,
    providerLatencyMs,
    maxWaitMs: MAX_WAIT_MS,
    legitimate: {
      sent: answers.length,
      verified: verified.length,
      outcomes,
      latencyMs: {
        p50: Math.round(percentile(latencies, 50)),
        p95: Math.round(percentile(latencies, 95)),
        max: Math.round(latencies.at(-1) ?? 0),
      },
    },
    junk: { sent: junkSent, perSecond: Math.round(junkSent / floodSeconds), outcomes: junkOutcomes },
    providerCalls: fake.requests.length,
  };
}
