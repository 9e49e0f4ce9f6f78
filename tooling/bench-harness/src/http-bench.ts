// The HTTP benchmark harness the adapters share: servers in their own processes, autocannon
// with a distinct ~2 KB sealed result per request, one markdown table per run.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const CONNECTIONS = 50;
export const sealedKey = generateKey();

/** A sealed result never made before: a distinct ~2 KB event, so the guard never sees a replay. */
export const sealFresh = (): string =>
  sealEvent(createEvent({ linked_id: 'account-8c1f2e', tags: { route: 'login' } }), sealedKey);

// One per request.
const POOL = 140_000;
let pool: string[] | undefined;
function sealedPool(): string[] {
  pool ??= Array.from({ length: POOL }, sealFresh);
  return pool;
}

export interface BenchRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

export interface RunningServer {
  /** Base URL, without a trailing slash. */
  url: string;
  stop(): void;
}

/** Starts `node --import tsx <serverScript> <variant>` in its own process; the script prints its port. */
export async function startNodeServer(
  serverScript: URL,
  variant: string,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript.pathname, variant], {
    env: { ...process.env, BENCH_SEALED_KEY: sealedKey, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  return { url: `http://127.0.0.1:${String(first.value).trim()}`, stop: () => child.kill() };
}

/** Starts a server variant, loads its POST /login, stops it. */
export async function measure(serverScript: URL, variant: string, name: string): Promise<BenchRow> {
  const server = await startNodeServer(serverScript, variant);
  try {
    return await measureUrl(`${server.url}/login`, name);
  } finally {
    server.stop();
  }
}

/** Loads POST `url` with autocannon: a warm-up, then the measured run. */
export async function measureUrl(url: string, name: string): Promise<BenchRow> {
  const sealed = sealedPool();
  let next = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          setupRequest: (request) => ({ ...request, headers: { 'fingerprint-sealed-result': sealed[next++ % POOL]! } }),
        },
      ],
    });
  await run(2); // warm-up: JIT, connection pool
  const result = await run(DURATION_S);
  const row = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
  console.log(`${name}: ${Math.round(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}`);
  return row;
}

/** Writes the table, each row compared with the first (the baseline) and with `peer` if given. */
export function writeResults(out: URL, title: string, rows: BenchRow[], notes: string[], peer?: BenchRow): string {
  const baseline = rows[0]!;
  const header = peer
    ? '| server | req/s | p50 ms | p99 ms | non-2xx | vs baseline | vs peer |'
    : '| server | req/s | p50 ms | p99 ms | non-2xx | vs baseline |';
  const lines = [
    `# ${title}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores).`,
    `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per server after a 2 s warm-up, all rows in one run;`,
    `each server in its own process. Every request carries a distinct ~2 KB sealed result (${sealedPool()[0]!.length}-byte header),`,
    'so no request is a replay. Reproduce: `pnpm bench`.',
    '',
    header,
    peer ? '|---|---:|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|---:|---:|',
    ...rows.map((row) => {
      const cells = [
        row.name,
        Math.round(row.rps).toLocaleString('en-US'),
        row.p50,
        row.p99,
        row.non2xx,
        `${(row.rps / baseline.rps).toFixed(2)}×`,
      ];
      if (peer) cells.push(`${(row.rps / peer.rps).toFixed(2)}×`);
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    ...notes,
    '',
  ];
  writeFileSync(out, lines.join('\n'));
  return lines.join('\n');
}
