// Core's engine against the bare unseal with no framework around either: what core itself costs above
// decrypt + inflate + JSON.parse + a Map (issue 30's "≤ 5 µs above the unseal"). Rounds of B calls per
// variant, order swapped every round, each call with a new sealed result; CPU time per call, and the
// paired difference per round (median, quartiles). B, ROUNDS, CONCURRENCY (calls in flight); node --max-semi-space-size=64 for fewer
// scavenges. THRASH_MB=4 writes over that much memory before each batch of calls, as a framework's own
// request path does to the data caches between two guards' runs; THRASH_FNS=600 runs that many distinct
// functions (each its own machine code) instead, as a framework's own code does to the code caches. The
// figures are then the calls' own wall time, summed between the thrashing. Uses the built core (pnpm build
// first); the floor is the adapters' benches' own (TypeScript): node --import tsx core-only.mjs
import { createBareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { createFingerprintGuard, MemoryReplayStore } from '@fingerprint-guard/core';

const B = Number(process.env.B ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
/** Calls in flight at once, as requests over several connections are. */
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 1);
/** One 8-byte value per 64-byte cache line, over THRASH_MB megabytes. */
const thrash = new Float64Array((Number(process.env.THRASH_MB ?? 0) * 1024 * 1024) / 8);
/** Distinct functions, each compiled to code of its own: running them evicts other code from the caches. */
const thrashFns = Array.from({ length: Number(process.env.THRASH_FNS ?? 0) }, (_, i) => {
  let body = 'let a = x;';
  for (let j = 0; j < 40; j++) body += `a = (a * ${i * 40 + j + 3} + ${j}) ^ (a >>> ${(j % 13) + 1});`;
  return new Function('x', `${body} return a;`);
});
const thrashing = thrash.length > 0 || thrashFns.length > 0;
let kept = 0;
function coolCaches() {
  for (let i = 0; i < thrash.length; i += 8) thrash[i] += 1;
  for (const fn of thrashFns) kept = fn(kept) & 0xff;
}
const key = generateKey();
const bareUnseal = createBareUnseal(key);
const store = new MemoryReplayStore({ maxEntries: 10_000_000 });
const engine = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: { store } });
const variants = {
  bare: async (request) => {
    if (!bareUnseal(request.headers['fingerprint-sealed-result'])) throw new Error('replayed');
  },
  core: async (request) => {
    const decision = await engine.decide(request);
    if (!decision.allowed) throw decision.error;
  },
};
const fresh = () =>
  Array.from({ length: B }, () => ({
    headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) },
    route: '/login',
  }));
const perCall = { bare: [], core: [] };
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const name of round % 2 ? ['bare', 'core'] : ['core', 'bare']) {
    const requests = fresh();
    const before = process.cpuUsage();
    let callsNs = 0n;
    for (let i = 0; i < requests.length; i += CONCURRENCY) {
      coolCaches();
      const started = process.hrtime.bigint();
      await Promise.all(requests.slice(i, i + CONCURRENCY).map(variants[name]));
      callsNs += process.hrtime.bigint() - started;
    }
    const used = process.cpuUsage(before);
    const us = thrashing ? Number(callsNs) / 1000 : used.user + used.system;
    if (round >= 2) perCall[name].push(us / B);
  }
}
const sorted = (values) => [...values].sort((a, b) => a - b);
const at = (values, q) => sorted(values)[Math.floor(q * (values.length - 1))];
const above = perCall.core.map((core, round) => core - perCall.bare[round]);
console.log(
  `bare unseal ${at(perCall.bare, 0.5).toFixed(2)} µs/call, core ${at(perCall.core, 0.5).toFixed(2)} µs/call`,
);
console.log(
  `core − bare, paired by round: median ${at(above, 0.5).toFixed(2)} µs (quartiles ${at(above, 0.25).toFixed(2)} – ${at(above, 0.75).toFixed(2)}; ${ROUNDS} rounds of ${B}${thrash.length ? `, ${process.env.THRASH_MB} MB written before each batch` : ''}${thrashFns.length ? `, ${thrashFns.length} functions run before each batch` : ''})`,
);
