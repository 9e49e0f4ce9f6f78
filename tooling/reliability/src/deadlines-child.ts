/** The deadline scenarios in a `node --expose-gc` process (src/deadlines.ts starts it): prints one JSON line. */
// Usage: node --expose-gc --import tsx src/deadlines-child.ts <requests> <maxWaitMs>
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import * as nodeBuild from '@fingerprint-guard/core';
import { fingerprintGuard } from '@fingerprint-guard/express';
import { createEvent, createFakeCside, createFakeFingerprintApi, type FakeFailure } from '@fingerprint-guard/testing';
import { FAULT_SECRETS } from './faults.js';
import { listen, outcomeOf, send, tally } from './http-app.js';

export interface ChildScenario {
  build: 'node' | 'web';
  provider: 'cside' | 'Server API';
  fault: string;
  requests: number;
  maxWaitMs: number;
  slowestMs: number;
  /**
   * The most any answer came after its deadline that forced collections do not explain: its time
   * past maxWait minus the time the thread spent in forced GC after that deadline (no timer, abort
   * or answer can run inside a full collection).
   */
  unexplainedMs: number;
  /** The most time an answer took outside forced collections: the work of the HTTP path itself. */
  workMs: number;
  outcomes: Record<string, number>;
  /** Forced collections during the scenario, and the time they took. */
  collections: number;
  gcMs: number;
}

export interface ChildOutput {
  scenarios: ChildScenario[];
  /** Every distinct response body and log line, for the parent's secret scanner. */
  texts: string[];
}

const [requests = 50, maxWaitMs = 1_000] = process.argv.slice(2).map(Number);
/** The client gives up here: an answer still missing then is a hang. */
const GIVE_UP_MS = maxWaitMs + 20_000;
const FAULTS: Array<{ name: string; failure?: FakeFailure }> = [
  { name: 'healthy (control)' },
  { name: 'stalls after the headers', failure: 'stall-body' },
  { name: 'trickles a byte every 100 ms', failure: 'trickle-body' },
];

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
// The Web build, which Node's export conditions never pick: its file, found from the installed package.
const corePackage = createRequire(import.meta.url).resolve('@fingerprint-guard/core/package.json');
const webBuild = (await import(
  pathToFileURL(join(dirname(corePackage), 'dist/web/index.js')).href
)) as typeof nodeBuild;
const texts = new Set<string>();
const keep = (message: string, details?: Record<string, unknown>) => {
  texts.add(message);
  if (details) texts.add(JSON.stringify(details));
};
const logger = { warn: keep, error: keep };
const scenarios: ChildScenario[] = [];

for (const build of ['node', 'web'] as const) {
  const core = build === 'node' ? nodeBuild : webBuild;
  for (const provider of ['cside', 'Server API'] as const) {
    for (const fault of FAULTS) {
      const cside = provider === 'cside' ? await createFakeCside({ apiKey: FAULT_SECRETS.csideApiKey }) : undefined;
      const api =
        provider === 'Server API'
          ? await createFakeFingerprintApi({ secretKey: FAULT_SECRETS.serverApiSecret })
          : undefined;
      // Only maxWait is set (time-out per attempt and retries are the defaults); maxConcurrent
      // lets every request reach the provider, so that each one meets the stall.
      const client = { maxWait: `${maxWaitMs}ms`, maxConcurrent: requests } as const;
      const guard = core.createFingerprintGuard({
        ...(cside
          ? { cside: { apiKey: cside.apiKey, baseUrl: cside.url, ...client } }
          : { fingerprint: { serverApi: { secretKey: api!.secretKey, baseUrl: api!.baseUrl, ...client } } }),
        replay: { store: new core.MemoryReplayStore() },
        logger,
      });
      const app = express();
      app.post('/guarded', express.json(), fingerprintGuard(guard), (_req, res) => void res.json({ ok: true }));
      const server = await listen(app);
      const credentials = Array.from(
        { length: requests },
        (): Record<string, string> =>
          cside ? { 'cside-token': cside.issueToken() } : { 'fingerprint-event-id': api!.addEvent(createEvent()) },
      );
      // Every attempt any request could make (3 by default) meets the fault.
      if (fault.failure) (cside ?? api)!.failNext(...Array<FakeFailure>(requests * 3).fill(fault.failure));

      // A full collection every 5 ms, each one's start and end kept.
      const pauses: Array<[number, number]> = [];
      const collector = setInterval(() => {
        const started = performance.now();
        gc();
        pauses.push([started, performance.now()]);
      }, 5);
      const answers = await Promise.all(
        credentials.map(async (headers) => {
          const started = performance.now();
          return { started, ...(await send(`${server.url}/guarded`, { headers }, GIVE_UP_MS)) };
        }),
      );
      clearInterval(collector);
      /** Time spent in forced collections between `from` and `to`. */
      const paused = (from: number, to: number) =>
        pauses.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0);
      const unexplainedMs = Math.max(
        0,
        ...answers.map((a) => a.millis - maxWaitMs - paused(a.started + maxWaitMs, a.started + a.millis)),
      );
      await server.close();
      await (cside ?? api)!.close();

      const outcomes: Record<string, number> = {};
      for (const answer of answers) {
        tally(outcomes, outcomeOf(answer));
        texts.add(answer.body);
      }
      const slowestMs = Math.max(...answers.map((a) => a.millis));
      const workMs = Math.max(...answers.map((a) => a.millis - paused(a.started, a.started + a.millis)));
      const gcMs = pauses.reduce((sum, [a, b]) => sum + b - a, 0);
      scenarios.push({
        build,
        provider,
        fault: fault.name,
        requests,
        maxWaitMs,
        slowestMs,
        unexplainedMs: fault.failure ? unexplainedMs : 0,
        workMs,
        outcomes,
        collections: pauses.length,
        gcMs,
      });
    }
  }
}
const output: ChildOutput = { scenarios, texts: [...texts] };
console.log(JSON.stringify(output));
