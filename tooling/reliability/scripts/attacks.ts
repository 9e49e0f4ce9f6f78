// The attack sections of RELIABILITY.md: runs them and renders their part of the file.
// Deadlines, store floods, webhook retries, amplification and a junk flood, the example's oracle, one claim.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { runAmplification, type AmplificationRow } from '../src/amplification.js';
import { LATE_MARGIN_MS, runDeadlines, type DeadlineOutcome } from '../src/deadlines.js';
import { FAULT_SECRETS } from '../src/faults.js';
import { FINGERPRINT_TEST_KEY } from '../src/fuzz-inputs.js';
import { JUNK_FLOOD_TARGET, runJunkFlood, type JunkFloodReport } from '../src/junk-flood.js';
import { runOneClaim, type OneClaimRow } from '../src/one-claim.js';
import { runOracle, type OracleCheck } from '../src/oracle.js';
import { createSecretScanner } from '../src/secrets.js';
import { EXAMPLE_DEV_KEY } from '../src/soak.js';
import { runStoreFull, type StoreFullReport } from '../src/store-full.js';
import { runWebhookRetry, WEBHOOK_SECRET, type WebhookReport } from '../src/webhook-retry.js';
import {
  amplificationSection,
  codes,
  junkFloodFigure,
  ms,
  n,
  oneClaimSection,
  verifiedShare,
  webhookSection,
  yes,
} from './attack-sections.js';

export const ATTACKS_START =
  '<!-- reliability:attacks:start (written by `pnpm reliability` and `RELIABILITY_SECTIONS=attacks pnpm reliability`; edits here are overwritten) -->';
export const ATTACKS_END = '<!-- reliability:attacks:end -->';
/** Sizes, each overridable from the environment; the command line names the ones given. */
export const ATTACK_SIZES = {
  DEADLINE_REQUESTS: 50,
  FLOOD_SIZE: 10_000,
  AMPLIFICATION_N: 100,
  JUNK_FLOOD_SECONDS: 20,
} as const;

export interface AttackResults {
  deadlines: DeadlineOutcome[];
  storeFull: StoreFullReport;
  webhooks: WebhookReport;
  amplification: AmplificationRow[];
  junkFlood: JunkFloodReport;
  oracle: OracleCheck[];
  oneClaim: OneClaimRow[];
  scan: { scanned: number; hits: string[] };
  seconds: number;
}

export async function runAttacks(
  sizes: Record<keyof typeof ATTACK_SIZES, number>,
  log: (message: string) => void,
  redisUrl?: string,
): Promise<AttackResults> {
  const scanner = createSecretScanner({
    fingerprintTestKey: FINGERPRINT_TEST_KEY,
    exampleKey: EXAMPLE_DEV_KEY,
    webhookSecret: WEBHOOK_SECRET,
    ...FAULT_SECRETS,
  });
  const started = performance.now();
  const step = async <T>(label: string, run: () => Promise<T>) => {
    log(`${label}…`);
    return run();
  };
  const deadlines = await step(`deadlines (${sizes.DEADLINE_REQUESTS} requests per scenario, forced GC)`, () =>
    runDeadlines({ requests: sizes.DEADLINE_REQUESTS, scanner }),
  );
  const storeFull = await step(`store floods (${sizes.FLOOD_SIZE} per flood) and a full store`, () =>
    runStoreFull({ floodSize: sizes.FLOOD_SIZE, scanner }),
  );
  const webhooks = await step('webhook retries', () => runWebhookRetry({ scanner, redisUrl }));
  const amplification = await step(`amplification (${sizes.AMPLIFICATION_N} per junk scenario)`, () =>
    runAmplification({ n: sizes.AMPLIFICATION_N, pendingRepeats: 10, scanner }),
  );
  const junkFlood = await step(
    `a junk flood (${sizes.JUNK_FLOOD_SECONDS} s of checkouts, cside answering in 1 s)`,
    () =>
      runJunkFlood({
        seconds: sizes.JUNK_FLOOD_SECONDS,
        legitimate: 5 * sizes.JUNK_FLOOD_SECONDS,
        addresses: 'apart',
        scanner,
      }),
  );
  const oracle = await step('the example’s signing oracle', () => runOracle(scanner));
  const oneClaim = await step('one claim, whatever the deployment', () => runOneClaim(scanner, { redisUrl }));
  return {
    deadlines,
    storeFull,
    webhooks,
    amplification,
    junkFlood,
    oracle,
    oneClaim,
    scan: scanner.result,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Broken invariants: 0 is the only acceptable count. */
export function attackFailures(r: AttackResults): number {
  return (
    r.deadlines.reduce((sum, d) => sum + d.unexpected + d.hangs, 0) +
    r.storeFull.unexpected +
    r.webhooks.unexpected +
    r.amplification.filter((row) => row.unexpected).length +
    (verifiedShare(r.junkFlood) >= JUNK_FLOOD_TARGET ? 0 : 1) +
    r.oracle.filter((c) => !c.held).length +
    r.oneClaim.filter((row) => !row.held).length +
    r.scan.hits.length
  );
}

/** The junk flood of the code before issue 23 (the benchmark's before-fix run), when it was measured. */
function junkFloodBeforeFix(): JunkFloodReport | undefined {
  const file = new URL('../bench/before-fix.json', import.meta.url);
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { reports: JunkFloodReport[] }).reports[0];
}

export function attacksMarkdown(
  r: AttackResults,
  command: string,
  sizes: Record<keyof typeof ATTACK_SIZES, number>,
): string {
  const faulty = r.deadlines.filter((d) => !d.fault.startsWith('healthy'));
  const controls = r.deadlines.filter((d) => d.fault.startsWith('healthy'));
  const full = r.storeFull.full;
  const gcMeans = r.deadlines.map((d) => d.gcMs / d.collections);
  const gcRange = `${Math.round(Math.min(...gcMeans))}–${Math.round(Math.max(...gcMeans))}`;
  const refusal100k = full.refusalsPerSecond.find((x) => x.keys === 100_000)!.perSecond;
  const refusal1k = full.refusalsPerSecond.find((x) => x.keys === 1_000)!.perSecond;
  const webhookCells = r.webhooks.rows.length * r.webhooks.adapters.length;
  const webhookHeld = webhookCells - r.webhooks.rows.reduce((sum, row) => sum + row.failed.length, 0);
  const junk = r.amplification[0]!;
  const brokenClaims = r.oneClaim.filter((row) => !row.held);
  const floodHeld = verifiedShare(r.junkFlood) >= JUNK_FLOOD_TARGET;
  return `${ATTACKS_START}

## Second-stage promises under attack

Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end), in ${Math.round(r.seconds)} s,
by \`${command}\`. That command rewrites only this part of the file (between the
\`reliability:attacks\` markers); the sections above come from the command named at the top. The
bounded versions run in CI (\`tooling/reliability/test/reliability.test.ts\`: 20 requests per
deadline scenario, floods of 1,000, 50 per amplification scenario, a 4-second junk flood) and assert every
invariant below${brokenClaims.length || !floodHeld ? ';\nthe ones that do not hold fail that test' : ''}.

| promise | figure | held |
|---|---|---|
| a provider that stalls or trickles its body is cut at \`maxWait\`, under forced GC | ${faulty.length} scenarios × ${sizes.DEADLINE_REQUESTS} requests: ${faulty.reduce((s, d) => s + d.hangs, 0)} hangs, ${n(faulty.reduce((s, d) => s + (d.outcomes['503 PROVIDER_UNAVAILABLE'] ?? 0), 0))} of ${n(faulty.reduce((s, d) => s + d.requests, 0))} answers 503 \`PROVIDER_UNAVAILABLE\`, at most ${ms(Math.max(...faulty.map((d) => d.unexplainedMs)))} late beyond what forced GC explains (bound ${ms(LATE_MARGIN_MS)}) | ${yes(faulty.every((d) => d.unexpected === 0 && d.hangs === 0))} |
| denied traffic takes no room in the store | ${r.storeFull.floods.map((f) => `${n(f.requests)} denied → ${f.storeSizeAfter} keys, next user ${f.nextUser}`).join('; ')} | ${yes(r.storeFull.floods.every((f) => f.storeSizeAfter === 0 && f.nextUser === '200'))} |
| a full store refuses with a typed 503, in O(1) | ${codes(full.outcomes)}; refusals/s on 100,000 keys ${n(refusal100k)} vs ${n(refusal1k)} on 1,000 | ${yes(r.storeFull.unexpected === 0)} |
| webhooks, on ${r.webhooks.adapters.length} adapters: a failed delivery's retry is processed, a processed one is a duplicate, a redelivery while the handler runs is 409 in progress, a dropped connection changes nothing (a captured delivery replayed 10 times with dropped sockets runs the handler once), captured deliveries are refused, store failures are a JSON 503 | ${webhookHeld} of ${webhookCells} adapter × scenario cells as expected | ${yes(r.webhooks.unexpected === 0)} |
| outbound calls stay bounded | the same junk token ×${n(junk.inbound)} → ${junk.outbound} call; ${r.amplification.filter((row) => !row.unexpected).length} of ${r.amplification.length} scenarios within their bound | ${yes(r.amplification.every((row) => !row.unexpected))} |
| the example's simulator is no signing oracle | ${r.oracle.filter((c) => c.held).length} of ${r.oracle.length} checks held | ${yes(r.oracle.every((c) => c.held))} |
| legitimate requests keep being verified under a junk flood | ${junkFloodFigure(r.junkFlood)} | ${yes(floodHeld)} |
| one claim, whatever the deployment: store objects, processes, lazy guards, future-dated events, clocks, dropped webhook sockets, a closed store | ${brokenClaims.length ? `${brokenClaims.length} of ${r.oneClaim.length} scenarios counted a credential twice` : `${r.oneClaim.filter((row) => row.ran).length} of ${r.oneClaim.length} scenarios run, none counted a credential twice`} | ${yes(brokenClaims.length === 0)} |
| secret scan (this part) | ${n(r.scan.scanned)} bodies, log lines and errors, **${r.scan.hits.length} hits** | ${yes(r.scan.hits.length === 0)} |

### Provider deadlines: stalled and trickled bodies under forced GC

\`src/deadlines.ts\` runs every scenario in one child \`node --expose-gc\` process (\`src/deadlines-child.ts\`),
which forces a full garbage collection every 5 ms, as core's \`test/fixtures/stalled-body.mjs\` does:
the fake provider, a real Express app with \`fingerprintGuard\` and ${sizes.DEADLINE_REQUESTS} concurrent clients
all live in it. The provider sends 200 and its headers at once, then stalls mid-body or sends one
byte every 100 ms, on every attempt. The guard sets only \`maxWait\` (1 s) and \`maxConcurrent\` (so every
request reaches the provider); per-attempt time-out (5 s) and retries are the defaults. The Web
build is \`@fingerprint-guard/core\`'s \`dist/web/index.js\`, handed to the Express adapter as a built guard.

A collection stops every timer, so no deadline can be kept through one: here the thread spends most
of its time in them (a full GC of this process took ${gcRange} ms on average per scenario, and one is forced every 5 ms). The
bound is therefore: past \`maxWait\`, an answer may be late by the forced collections that ran after
its deadline, plus ${ms(LATE_MARGIN_MS)} for the event loop's own work of answering every request at once
on a shared 2-core machine. "Late beyond GC" is the largest such remainder; the healthy control
shows what the same requests cost outside GC ("work") when the provider answers at once.

| provider | build | the provider's body | slowest answer | late beyond GC | work | outcomes | forced GCs (time in them) |
|---|---|---|---|---|---|---|---|
${r.deadlines.map((d) => `| ${d.provider} | ${d.build} | ${d.fault} | ${ms(d.slowestMs)} | ${d.fault.startsWith('healthy') ? '–' : ms(d.unexplainedMs)} | ${ms(d.workMs)} | ${codes(d.outcomes)} | ${d.collections} (${ms(d.gcMs)}) |`).join('\n')}

Hangs (no answer ${n(20_000)} ms past \`maxWait\`): ${r.deadlines.reduce((s, d) => s + d.hangs, 0)}. Before core's fix, 50 calls against a body
stalled after the headers were still pending after 60 s under forced GC (core's \`test/deadlines.test.ts\`).
Controls: slowest healthy answer ${ms(Math.max(...controls.map((d) => d.slowestMs)))}, of which at most ${ms(Math.max(...controls.map((d) => d.workMs)))} outside GC.

### The replay store under floods

\`src/store-full.ts\`, through a real Express app whose login denies bots (\`deny: { bot: true }\`) and
binds the identification to the client IP (\`bind: { ip: true }\`), on a \`MemoryReplayStore\` whose
\`maxEntries\` is the flood's size: every flood request is a genuine sealed result, sealed with the
guard's key, 16 at a time.

| flood | requests | answers | keys in the store after | next genuine user |
|---|---|---|---|---|
${r.storeFull.floods.map((f) => `| ${f.flood} | ${n(f.requests)} | ${codes(f.outcomes)} | ${f.storeSizeAfter} | ${f.nextUser} |`).join('\n')}

A store full of live keys (100,000, an hour to live): ${codes(full.outcomes)}, ${full.json ? 'each a JSON body with its code' : 'NOT all JSON'}.
A store full of 1,000 keys expiring together: ${full.recovery.before} before, ${full.recovery.after} ${ms(full.recovery.afterExpiryMs)} after they expired
(keys are dropped by the second they expire in).

The cost of a refusal, measured on the store itself (50,000 calls per pass, the stores taking turns,
each its best of 7 passes, same run):

| store | calls per second |
|---|---|
| empty (100,000 room): claims | ${n(full.claimsPerSecondEmpty)} |
${full.refusalsPerSecond.map((x) => `| full, ${n(x.keys)} keys: refusals | ${n(x.perSecond)} |`).join('\n')}

Refusals on a full 100,000-key store against claims on an empty one, same run: ratio
${(refusal100k / full.claimsPerSecondEmpty).toFixed(3)}. A hundred times the keys (1,000 → 100,000) gave a refusal ${(refusal1k / refusal100k).toFixed(2)}× its time, where an
O(n) refusal would take 100×: ${refusal1k / refusal100k < 3 ? 'the cost does not grow with the store' : '**the cost grew with the store**'}. It is a constant above a
claim's: a refusal throws an \`Error\` (a stack trace is captured), some ${((1 / refusal100k) * 1e6).toFixed(1)} µs, against the
milliseconds of the guarded request it answers.

${webhookSection(r.webhooks)}

${amplificationSection(r.amplification, r.junkFlood, junkFloodBeforeFix())}

### The example's agent simulator

\`src/oracle.ts\` starts \`examples/express/src/app.js\` as its \`server.js\` does (\`createApp({ config:
readConfig(env), origins, store, cside })\`).

| check | observed | held |
|---|---|---|
${r.oracle.map((c) => `| ${c.check} | ${c.observed} | ${yes(c.held)} |`).join('\n')}

${oneClaimSection(r.oneClaim)}

Secrets: every response body, log line and error of this part was scanned as above: ${n(r.scan.scanned)} scanned,
${r.scan.hits.length} hits${r.scan.hits.length ? `: ${r.scan.hits.slice(0, 10).join('; ')}` : ''}.

${ATTACKS_END}
`;
}

/** Replaces the attack part of `existing` (or appends it), leaving everything else as it is. */
export function spliceAttacks(existing: string, block: string): string {
  const start = existing.indexOf('<!-- reliability:attacks:start');
  const end = existing.indexOf(ATTACKS_END);
  if (start !== -1 && end > start)
    return `${existing.slice(0, start)}${block.trimEnd()}${existing.slice(end + ATTACKS_END.length)}`;
  return `${existing.trimEnd()}\n\n${block}`;
}
