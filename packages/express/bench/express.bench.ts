// Express 5: hello-world vs the same route behind fingerprintGuard vs a hand-written peer
// (official SDK unseal + a Map), with autocannon, in one run. Writes bench/RESULTS.md.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
const key = generateKey();

// Distinct ~2 KB events, one per request, so the guard never sees a replay.
const POOL = 140_000;
console.log(`sealing ${POOL} distinct events…`);
const sealedPool = Array.from({ length: POOL }, () => sealEvent(createEvent({ linked_id: 'account-8c1f2e', tags: { route: 'login' } }), key));
const headerBytes = sealedPool[0]!.length;

async function startServer(variant: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, variant], {
    env: { ...process.env, BENCH_SEALED_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
  return { url: `http://127.0.0.1:${line!.trim()}`, stop: () => child.kill() };
}

async function measure(variant: string) {
  const server = await startServer(variant);
  let next = 0;
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}/login`,
      method: 'POST',
      connections: CONNECTIONS,
      duration,
      requests: [{
        setupRequest: (request) => ({
          ...request,
          headers: { 'fingerprint-sealed-result': sealedPool[next++ % POOL]! },
        }),
      }],
    });
  await run(2); // warm-up: JIT, connection pool
  const result = await run(DURATION_S);
  server.stop();
  const non2xx = result.non2xx + result.errors + result.timeouts;
  console.log(`${variant}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${non2xx}`);
  return { variant, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx, total: result.requests.total };
}

const hello = await measure('hello');
const guard = await measure('guard');
const peer = await measure('peer');
const floor = await measure('floor');

const names: Record<string, string> = {
  hello: 'Express 5 hello-world (same header, not read)',
  guard: 'Express 5 + fingerprintGuard (memory store)',
  peer: 'Express 5 + @fingerprint/node-sdk unseal + Map (hand-written peer)',
  floor: 'Express 5 + bare sync unseal + Map, no checks (floor)',
};
const lines = [
  '# Express adapter benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores).`,
  `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per server after a 2 s warm-up, all three in one run;`,
  `each server in its own process. Every request carries a distinct ~2 KB sealed result (${headerBytes}-byte header),`,
  'so no request is a replay. Reproduce: `pnpm bench`.',
  '',
  '| server | req/s | p50 ms | p99 ms | non-2xx | vs hello | vs peer |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...[hello, guard, peer, floor].map((row) =>
    `| ${names[row.variant]} | ${Math.round(row.rps).toLocaleString('en-US')} | ${row.p50} | ${row.p99} | ${row.non2xx} | ` +
      `${(row.rps / hello.rps).toFixed(2)}× | ${(row.rps / peer.rps).toFixed(2)}× |`,
  ),
  '',
  'Targets (issue #3): guard ≥ 0.75× hello-world, ≥ 1.5× the peer.',
  '',
  'The floor row is the least any server that unseals can do (decrypt, inflate, parse, a Map;',
  'no size caps, strict base64, age, rules or error handling): it bounds what any guard can reach',
  'relative to hello-world on this machine. autocannon shares the machine\'s two cores with the server.',
  '',
];
writeFileSync(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
