// The attack sections of RELIABILITY.md: runs them and renders their part of the file.
// Deadlines, store floods, webhook retries, amplification, the example's oracle, one claim per application.
import { cpus, loadavg } from 'node:os';
import { runAmplification, type AmplificationRow } from '../src/amplification.js';
import { LATE_MARGIN_MS, runDeadlines, type DeadlineOutcome } from '../src/deadlines.js';
import { FAULT_SECRETS } from '../src/faults.js';
import { FINGERPRINT_TEST_KEY } from '../src/fuzz.js';
import { runOneClaim, type OneClaimRow } from '../src/one-claim.js';
import { runOracle, type OracleCheck } from '../src/oracle.js';
import { createSecretScanner } from '../src/secrets.js';
import { EXAMPLE_DEV_KEY } from '../src/soak.js';
import { runStoreFull, type StoreFullReport } from '../src/store-full.js';
import { runWebhookRetry, WEBHOOK_SECRET, type WebhookReport } from '../src/webhook-retry.js';

export const ATTACKS_START =
  '<!-- reliability:attacks:start (written by `pnpm reliability` and `RELIABILITY_SECTIONS=attacks pnpm reliability`; edits here are overwritten) -->';
export const ATTACKS_END = '<!-- reliability:attacks:end -->';
/** Sizes, each overridable from the environment; the command line names the ones given. */
export const ATTACK_SIZES = { DEADLINE_REQUESTS: 50, FLOOD_SIZE: 10_000, AMPLIFICATION_N: 100 } as const;

export interface AttackResults {
  deadlines: DeadlineOutcome[];
  storeFull: StoreFullReport;
  webhooks: WebhookReport;
  amplification: AmplificationRow[];
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
  const oracle = await step('the example’s signing oracle', () => runOracle(scanner));
  const oneClaim = await step('one claim per application', () => runOneClaim(scanner));
  return {
    deadlines,
    storeFull,
    webhooks,
    amplification,
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
    r.oracle.filter((c) => !c.held).length +
    r.oneClaim.filter((row) => !row.held).length +
    r.scan.hits.length
  );
}

const n = (value: number) => value.toLocaleString('en-US');
const ms = (value: number) => `${n(Math.round(value))} ms`;
const codes = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code} ×${n(count)}`)
    .join(', ');
const yes = (held: boolean) => (held ? 'yes' : '**NO**');

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
  const webhookCells = r.webhooks.rows.length * 3;
  const webhookHeld = webhookCells - r.webhooks.rows.reduce((sum, row) => sum + row.failed.length, 0);
  const junk = r.amplification[0]!;
  const brokenClaims = r.oneClaim.filter((row) => !row.held);
  const lifetimes = r.oneClaim.filter((row) => row.lifetimeSeconds !== undefined).map((row) => row.lifetimeSeconds!);
  return `${ATTACKS_START}

## Second-stage promises under attack

Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end), in ${Math.round(r.seconds)} s,
by \`${command}\`. That command rewrites only this part of the file (between the
\`reliability:attacks\` markers); the sections above come from the command named at the top. The
bounded versions run in CI (\`packages/reliability/test/reliability.test.ts\`: 20 requests per
deadline scenario, floods of 1,000, 50 per amplification scenario) and assert every invariant below${
    brokenClaims.length ? ';\nthe one that does not hold fails that test' : ''
  }.

| promise | figure | held |
|---|---|---|
| a provider that stalls or trickles its body is cut at \`maxWait\`, under forced GC | ${faulty.length} scenarios × ${sizes.DEADLINE_REQUESTS} requests: ${faulty.reduce((s, d) => s + d.hangs, 0)} hangs, ${n(faulty.reduce((s, d) => s + (d.outcomes['503 PROVIDER_UNAVAILABLE'] ?? 0), 0))} of ${n(faulty.reduce((s, d) => s + d.requests, 0))} answers 503 \`PROVIDER_UNAVAILABLE\`, at most ${ms(Math.max(...faulty.map((d) => d.unexplainedMs)))} late beyond what forced GC explains (bound ${ms(LATE_MARGIN_MS)}) | ${yes(faulty.every((d) => d.unexpected === 0 && d.hangs === 0))} |
| denied traffic takes no room in the store | ${r.storeFull.floods.map((f) => `${n(f.requests)} denied → ${f.storeSizeAfter} keys, next user ${f.nextUser}`).join('; ')} | ${yes(r.storeFull.floods.every((f) => f.storeSizeAfter === 0 && f.nextUser === '200'))} |
| a full store refuses with a typed 503, in O(1) | ${codes(full.outcomes)}; refusals/s on 100,000 keys ${n(refusal100k)} vs ${n(refusal1k)} on 1,000 | ${yes(r.storeFull.unexpected === 0)} |
| webhooks: a failed delivery's retry is processed, a processed one is a duplicate, captured deliveries are refused, store failures are a JSON 503 | ${webhookHeld} of ${webhookCells} adapter × scenario cells as expected | ${yes(r.webhooks.unexpected === 0)} |
| outbound calls stay bounded | the same junk token ×${n(junk.inbound)} → ${junk.outbound} call; ${r.amplification.filter((row) => !row.unexpected).length} of ${r.amplification.length} scenarios within their bound | ${yes(r.amplification.every((row) => !row.unexpected))} |
| the example's simulator is no signing oracle | ${r.oracle.filter((c) => c.held).length} of ${r.oracle.length} checks held | ${yes(r.oracle.every((c) => c.held))} |
| one claim per application, whatever the guard | ${brokenClaims.length ? `a guard built after another guard's claim expired accepted the same identification again` : 'held in every scenario'} | ${yes(brokenClaims.length === 0)} |
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

### Webhook retries, captured deliveries and restarts

\`src/webhook-retry.ts\`: \`fingerprintWebhook\` of each adapter through real HTTP, signed deliveries as
Fingerprint sends them, one \`MemoryReplayStore\` per app unless said. A cell lists the answers to
successive deliveries of one event, then how many times the handler completed its work for it.
The shared store of the restart row is ${r.webhooks.sharedStore}.

| delivery | Express 5 | Koa 3 | Next route handler |
|---|---|---|---|
${r.webhooks.rows.map((row) => `| ${row.scenario} | ${['Express 5', 'Koa 3', 'Next route handler'].map((a) => `${row.cells[a]}${row.failed.includes(a) ? ' **(unexpected)**' : ''}`).join(' | ')} |`).join('\n')}

A dropped connection: the Express adapter gives the claim back whenever its response did not finish
(as it documents), so the retry runs the handler again although the first run went on to succeed;
Koa and Next give it back only when the handler throws or answers 5xx, so their retry is a
duplicate. Either way nothing is lost; a handler should be idempotent.
A memory store does not outlive its process: a delivery within \`maxAge\` after a restart runs again,
which is why the README asks for a shared store (Redis) for webhooks.

### Outbound amplification

\`src/amplification.ts\`: inbound guarded requests through Express against the fake provider, whose
recorded requests are the outbound calls (maxWait 1 s, a 300 ms attempt time-out, default retries).

| scenario | inbound | outbound | outbound / inbound | bound | answers |
|---|---|---|---|---|---|
${r.amplification.map((row) => `| ${row.scenario} | ${n(row.inbound)} | ${n(row.outbound)} | ${(row.outbound / row.inbound).toFixed(2)} | ${n(row.bound)} | ${codes(row.outcomes)}${row.note ? `; ${row.note}` : ''}${row.unexpected ? ' **(unexpected)**' : ''} |`).join('\n')}

The negative cache and shared in-flight calls make repeated junk cost one call; distinct junk costs
one call each (only the provider can tell a junk token from a real one), never more: refusals are
not retried. A pending token is not a refusal: each request polls it again until \`maxWait\`.
\`maxConcurrent\` is per guard, not per client: a junk flood wider than it sheds genuine users too.

### The example's agent simulator

\`src/oracle.ts\` starts \`examples/express/src/app.js\` as its \`server.js\` does (\`createApp({ config:
readConfig(env), origins, store, cside })\`).

| check | observed | held |
|---|---|---|
${r.oracle.map((c) => `| ${c.check} | ${c.observed} | ${yes(c.held)} |`).join('\n')}

### One claim per application

\`src/one-claim.ts\`: how long a claim lasts when guards and a webhook receiver share a store, and
whether a guard with a longer \`maxAge\` can accept what a shorter one claimed.

| scenario | observed | held |
|---|---|---|
${r.oneClaim.map((row) => `| ${row.scenario} | ${row.observed} | ${row.lifetimeSeconds !== undefined ? 'measured' : yes(row.held)} |`).join('\n')}

${
  brokenClaims.length
    ? `**Not holding.** A claim's lifetime is the longest window of the guards built on the store *so far*:
an identification claimed by a 2-minute guard is forgotten after 2 min + \`clockSkew\`, and a
10-minute guard built after that accepts it again, on the same store and in the same process. Any
guard built later than the claim is exposed: one built lazily (a route module first loaded on its
first request, as \`next dev\` does; a guard built per request), or one that runs only in another
process sharing the Redis store. Reproduce: \`createFingerprintGuard({ maxAge: '2m', clockSkew: '0s',
replay: { store } })\` accepts an event sealed 119.5 s ago; 0.7 s later build
\`createFingerprintGuard({ maxAge: '10m', replay: { store } })\` and present the same sealed result: it
is accepted.`
    : 'Every guard, built before or after the claim, refused the second presentation.'
}
${
  lifetimes[1] === lifetimes[0]
    ? `A webhook receiver (15 min + 1 min) on the guards' store leaves the guards' claims at ${lifetimes[0]} s: webhook claims keep
their own window, so the core README's sizing for the defaults (2 min + 10 s) holds with both on the default store.`
    : `A webhook receiver (15 min + 1 min) on the guards' store makes every guard claim made after it last
${lifetimes[1]} s instead of ${lifetimes[0]} s: the store then carries ${(lifetimes[1]! / lifetimes[0]!).toFixed(1)} times fewer identifications per second than the
core README's sizing for the defaults (2 min + 10 s) says.`
}

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
