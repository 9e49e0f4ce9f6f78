// Issue 23's junk flood as a benchmark: a cside answering in 1 s, attacker connections sending
// fresh junk tokens continuously from one address, legitimate checkouts from others. Writes
// bench/RESULTS.md. JUNK_FLOOD_SECONDS (default 20) sets how long checkouts keep coming.
// JUNK_FLOOD_JSON=<file> writes the raw reports there instead (how before-fix.json was made,
// with this script, against the code before issue 23).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { runJunkFlood, type JunkFloodReport } from '../src/junk-flood.js';

const SECONDS = Number(process.env.JUNK_FLOOD_SECONDS ?? 20);
/** Checkouts per second while the flood runs. */
const RATE = 5;
const RUNS = [
  { attackers: 32, addresses: 'apart' },
  { attackers: 32, addresses: 'one address' },
  { attackers: 96, addresses: 'apart' },
  { attackers: 96, addresses: 'one address' },
] as const;

const loadBefore = loadavg();
const reports: JunkFloodReport[] = [];
for (const run of RUNS) {
  console.log(`junk flood: ${run.attackers} attacker connections, addresses ${run.addresses}, ${SECONDS} s…`);
  reports.push(await runJunkFlood({ ...run, seconds: SECONDS, legitimate: SECONDS * RATE }));
}
const loadAfter = loadavg();
const machine = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  cores: cpus().length,
  loadBefore: loadBefore.map((x) => x.toFixed(1)).join(', '),
  loadAfter: loadAfter.map((x) => x.toFixed(1)).join(', '),
};

if (process.env.JUNK_FLOOD_JSON) {
  writeFileSync(process.env.JUNK_FLOOD_JSON, `${JSON.stringify({ machine, reports }, null, 2)}\n`);
  process.exit(0);
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (r: JunkFloodReport) => `${((100 * r.legitimate.verified) / r.legitimate.sent).toFixed(0)} %`;
const others = (r: JunkFloodReport) =>
  Object.entries(r.legitimate.outcomes)
    .filter(([code]) => code !== '200')
    .map(([code, count]) => `${code} ×${count}`)
    .join(', ') || '–';
const table = (rows: JunkFloodReport[]) =>
  [
    '| attacker connections | addresses | attacker requests/s | provider calls | checkouts | verified within maxWait | p50 | p95 | max | the others |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.attackers} | ${r.addresses === 'apart' ? 'attacker 127.0.0.2, each checkout its own' : 'all 127.0.0.1'} | ${n(r.junk.perSecond)} | ${n(r.providerCalls)} | ${r.legitimate.sent} | ${r.legitimate.verified} (${pct(r)}) | ${n(r.legitimate.latencyMs.p50)} ms | ${n(r.legitimate.latencyMs.p95)} ms | ${n(r.legitimate.latencyMs.max)} ms | ${others(r)} |`,
    ),
  ].join('\n');

const beforeFile = new URL('./before-fix.json', import.meta.url);
const before = existsSync(beforeFile)
  ? (JSON.parse(readFileSync(beforeFile, 'utf8')) as { machine: typeof machine; reports: JunkFloodReport[] })
  : undefined;
const [target, , wide, wideShared] = reports as [JunkFloodReport, JunkFloodReport, JunkFloodReport, JunkFloodReport];
const markdown = `# Junk flood benchmark

Measured ${machine.date} on Node ${machine.node}, ${machine.cpu} (${machine.cores} cores), load average
${machine.loadBefore} (1, 5, 15 min) before the runs and ${machine.loadAfter} after: the machine is shared,
and its load is part of the figures. Reproduce: \`pnpm bench\` (or \`pnpm --filter @fingerprint-guard/reliability bench\`).

\`src/junk-flood.ts\`: a fake cside answering every call in 1 s, behind Express and \`fingerprintGuard\`
with cside's defaults (\`maxWait\` 10 s, \`maxConcurrent\` 32, so at most 32 calls in flight, the
others waiting for a slot, served round-robin between client IPs). Attacker connections send fresh
junk tokens, each as soon as the last is answered (only the provider can tell they are junk), for
2 s before and all through ${SECONDS} s of legitimate checkouts, ${RATE} a second, each with a genuine token on
its own connection. The client IP is the socket's source address (\`req.ip\`): the attacker's sockets
are bound to 127.0.0.2 and each checkout to its own 127.0.1.x, or everything comes from 127.0.0.1.

${table(reports)}

Issue 23's target: with 32 attacker connections, at least 90 % of legitimate checkouts verified within
\`maxWait\`. Here: ${pct(target)}, in ${n(target.legitimate.latencyMs.p50)} ms at the median (the provider itself takes 1,000 ms).
The provider never sees more than 32 calls at once, so the flood costs it the same whatever the
attacker does; an attacker refused at once (past its \`maxConcurrent\` waiting calls) simply asks again,
hence the attacker requests per second. What the share between client IPs buys shows with more
attacker connections than slots: with ${wide.attackers} of them, checkouts on addresses of their own were ${pct(wide)}
verified, and ${pct(wideShared)} when they came from the attacker's own address (one line, full with the attacker's waiting
calls, so theirs were refused at once).
${
  before
    ? `
## Before the fix

The same script (\`JUNK_FLOOD_JSON=bench/before-fix.json\`), run ${before.machine.date} against the code before
issue 23 (commit bd9b164), where past \`maxConcurrent\` a call was refused at once; load average
${before.machine.loadBefore} before and ${before.machine.loadAfter} after:

${table(before.reports)}
`
    : ''
}`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), markdown);
console.log(markdown);
