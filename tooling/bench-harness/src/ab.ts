// Any variants of one adapter's bench server against each other, interleaved (the same rounds as
// bench:floor), for measuring one change: `pnpm --filter @fingerprint-guard/bench-harness bench:ab express floor-mw floor-async guard`.
// ROUNDS (default 5) and REQUESTS (default 8,000) per variant and round. Prints req/s and server CPU per request.
import { measureInterleaved } from './interleaved.js';

const [adapter, ...variants] = process.argv.slice(2);
if (!adapter || variants.length === 0) throw new Error('usage: bench:ab <adapter> <variant> <variant>…');
const run = await measureInterleaved(
  new URL(`../../../packages/${adapter}/bench/server.ts`, import.meta.url),
  variants,
  {
    rounds: Number(process.env.ROUNDS ?? 5),
    requests: Number(process.env.REQUESTS ?? 8_000),
    warmup: 1_500,
  },
);
const first = run.variants[variants[0]!]!;
for (const [variant, figures] of Object.entries(run.variants)) {
  const cpu = figures.cpuUsPerRequest;
  console.log(
    `${variant.padEnd(12)} ${Math.round(figures.rps.median).toLocaleString('en-US').padStart(7)} req/s`,
    `${cpu.median.toFixed(1)} µs CPU (${cpu.min.toFixed(1)}–${cpu.max.toFixed(1)}),`,
    `${(cpu.median - first.cpuUsPerRequest.median).toFixed(1)} µs above ${variants[0]}, non-2xx ${figures.failed}`,
  );
}
