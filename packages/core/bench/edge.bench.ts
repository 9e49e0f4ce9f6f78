// Writes bench/EDGE.md: what the agentless edge check costs per decision, a clean answer (one
// call to the fake /v4/edge on loopback each) against a bot's answered from the negative cache.
// Run with `npx tsx bench/edge.bench.ts` (not part of `pnpm bench`: it starts an HTTP server).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createFakeFingerprintApi } from '@fingerprint-guard/testing';
import { createFingerprintGuard, type GuardRequest } from '../src/index.js';

declare module '../src/index.js' {
  interface AcceptedFingerprintFormats {
    edge: true;
  }
}

const api = await createFakeFingerprintApi();
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const request = (ip: string, userAgent: string): GuardRequest => ({
  headers: { host: 'shop.example', 'user-agent': userAgent, accept: 'text/html', 'accept-language': 'en' },
  method: 'POST',
  url: 'https://shop.example/newsletter',
  ip,
});
const guard = createFingerprintGuard({
  fingerprint: { edge: { secretKey: api.secretKey, baseUrl: api.baseUrl } },
  deny: { bot: true, vpn: true, proxy: true },
  logger: { warn() {}, error() {} },
});

// Clean: 64 clients in turn (a clean answer is never remembered, so each decision is one call).
const clean = Array.from({ length: 64 }, (_, n) => request(`198.51.100.${n + 1}`, BROWSER));
// Bot: one client, whose first answer is remembered for negativeCache.ttl (1 minute).
const bot = request('203.0.113.9', 'ExampleBot/1.0');
let i = 0;
const variants: Array<[string, () => Promise<unknown>]> = [
  ['clean answer: one /v4/edge call on loopback per decision', () => guard.decide(clean[i++ & 63]!)],
  ['bot, answered from the negative cache (no call)', () => guard.decide(bot)],
];

/** Alternates the variants in rounds (500 decisions each, 9 rounds after one warm-up), keeping each one's median rate. */
async function run() {
  const rates = variants.map(() => [] as number[]);
  for (let round = 0; round < 10; round++) {
    for (const [index, [, decide]] of variants.entries()) {
      const started = performance.now();
      for (let n = 0; n < 500; n++) await decide();
      if (round > 0) rates[index]!.push(500 / ((performance.now() - started) / 1000));
    }
  }
  return variants.map(([name], index) => {
    const sorted = rates[index]!.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return { name, opsPerSecond: median, spread: ((sorted.at(-2)! - sorted[1]!) / 2 / median) * 100 };
  });
}

const callsBefore = api.requests.length;
const rows = await run();
const calls = api.requests.length - callsBefore;
await api.close();

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const lines = [
  '# Edge check benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), one process, the fake Fingerprint API in the same process on 127.0.0.1. Reproduce: \`npx tsx bench/edge.bench.ts\` in packages/core.`,
  '',
  'A guard with `fingerprint.edge` and `deny: { bot, vpn, proxy }` deciding on requests with no credential, one at a time.',
  'The two variants alternate in 9 rounds of 500 decisions; each shows its median rate, and ± is half the spread of its rounds without the extremes.',
  '',
  '| variant | decisions/s | µs each | ± % |',
  '|---|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${format(row.opsPerSecond)} | ${format(1e6 / row.opsPerSecond, 1)} | ${format(row.spread, 1)} |`,
  ),
  '',
  `Calls the fake received: ${format(calls)} for ${format(10 * 500 * 2)} decisions (every clean one, and the bot's first).`,
  `The negative cache answers a bot ${format(rows[1]!.opsPerSecond / rows[0]!.opsPerSecond, 1)}× faster than a call on loopback; against the real API (about 30 ms a call, as its schema says) the difference is that call.`,
  '',
];
writeFileSync(new URL('./EDGE.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
