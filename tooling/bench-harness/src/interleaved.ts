// Variants of a server measured in interleaved rounds: each round starts every variant in a new
// process, in turn (order reversed every other round), and drives it with the same requests. A
// round gives req/s and the server's own CPU time per request (utime + stime from /proc), so
// a machine whose load changes during the run moves every variant alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { createEvent, sealEvent } from '@fingerprint-guard/testing';
import { sealedKey } from './http-bench.js';
import { type Spread, spread } from './report.js';

export interface InterleavedOptions {
  rounds?: number;
  /** Measured requests per round and variant, after `warmup` unmeasured ones. */
  requests?: number;
  warmup?: number;
  connections?: number;
}

export interface VariantFigures {
  rps: Spread;
  cpuUsPerRequest: Spread;
  failed: number;
}

export interface InterleavedRun {
  variants: Record<string, VariantFigures>;
  /** The machine's load average (1, 5, 15 min) when the run began and ended. */
  loadBefore: number[];
  loadAfter: number[];
  rounds: number;
  requests: number;
  connections: number;
}

// Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND = 100;

function cpuSeconds(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function start(server: URL, variant: string): Promise<{ child: ChildProcess; port: number }> {
  // From the server's package, whose tsx loads it.
  const child = spawn(process.execPath, ['--import', 'tsx', server.pathname, variant], {
    cwd: new URL('../', new URL('./', server)),
    env: { ...process.env, BENCH_SEALED_KEY: sealedKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  return { child, port: Number(String(first.value).trim()) };
}

/** Sends `sealed[from..to)` to POST /login over `connections` keep-alive sockets; counts non-2xx answers. */
async function drive(port: number, agent: http.Agent, sealed: string[], from: number, to: number, connections: number) {
  let next = from;
  let failed = 0;
  const one = (value: string) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/login',
          method: 'POST',
          agent,
          headers: { 'fingerprint-sealed-result': value, 'content-length': 0 },
        },
        (response) => {
          if (response.statusCode! < 200 || response.statusCode! >= 300) failed++;
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.end();
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < to) await one(sealed[next++]!);
    }),
  );
  return failed;
}

/**
 * Measures each of `variants` of `server` (a script started as `node --import tsx server variant`
 * that prints its port and serves POST /login) in `rounds` interleaved rounds. Every request
 * carries a distinct sealed result; each round's server is new, so the same ones serve every round.
 */
export async function measureInterleaved(
  server: URL,
  variants: string[],
  { rounds = 7, requests = 15_000, warmup = 2_000, connections = 32 }: InterleavedOptions = {},
): Promise<InterleavedRun> {
  const sealed = Array.from({ length: warmup + requests }, () =>
    sealEvent(createEvent({ linked_id: 'account-8c1f2e', tags: { route: 'login' } }), sealedKey),
  );
  const loadBefore = loadavg();
  const samples = Object.fromEntries(variants.map((v) => [v, { rps: [] as number[], cpu: [] as number[], failed: 0 }]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const { child, port } = await start(server, variant);
      const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
      try {
        samples[variant]!.failed += await drive(port, agent, sealed, 0, warmup, connections);
        const cpuBefore = cpuSeconds(child.pid!);
        const started = performance.now();
        samples[variant]!.failed += await drive(port, agent, sealed, warmup, warmup + requests, connections);
        const seconds = (performance.now() - started) / 1000;
        samples[variant]!.rps.push(requests / seconds);
        samples[variant]!.cpu.push(((cpuSeconds(child.pid!) - cpuBefore) * 1e6) / requests);
      } finally {
        agent.destroy();
        child.kill();
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  }
  const figures = Object.fromEntries(
    variants.map((v) => [
      v,
      { rps: spread(samples[v]!.rps), cpuUsPerRequest: spread(samples[v]!.cpu), failed: samples[v]!.failed },
    ]),
  );
  return { variants: figures, loadBefore, loadAfter: loadavg(), rounds, requests, connections };
}
