// Parts of RELIABILITY.md's attack sections: webhooks, outbound calls and the junk flood, one claim.
import type { AmplificationRow } from '../src/amplification.js';
import { JUNK_FLOOD_TARGET, type JunkFloodReport } from '../src/junk-flood.js';
import type { OneClaimRow } from '../src/one-claim.js';
import type { WebhookReport } from '../src/webhook-retry.js';

export const n = (value: number) => value.toLocaleString('en-US');
export const ms = (value: number) => `${n(Math.round(value))} ms`;
export const codes = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code} ×${n(count)}`)
    .join(', ');
export const yes = (held: boolean) => (held ? 'yes' : '**NO**');

/** The share of legitimate checkouts verified within maxWait, 0–1. */
export const verifiedShare = (flood: JunkFloodReport) => flood.legitimate.verified / flood.legitimate.sent;
const percent = (share: number) => `${Math.floor(share * 100)} %`;

export function junkFloodFigure(flood: JunkFloodReport): string {
  const { legitimate: l } = flood;
  return `cside answering in ${ms(flood.providerLatencyMs)}, ${flood.attackers} attacker connections from one address (${n(flood.junk.perSecond)} junk tokens/s): ${l.verified} of ${l.sent} legitimate checkouts from other addresses (${percent(verifiedShare(flood))}) verified within \`maxWait\` (${ms(flood.maxWaitMs)}), median ${ms(l.latencyMs.p50)}, p95 ${ms(l.latencyMs.p95)}; target ${percent(JUNK_FLOOD_TARGET)}`;
}

export function webhookSection(webhooks: WebhookReport): string {
  return `### Webhook retries, redeliveries, dropped connections and restarts

\`src/webhook-retry.ts\`: \`fingerprintWebhook\` of each adapter (\`src/webhook-apps.ts\`; NestJS on Express
from \`packages/nestjs/test/webhook-target.ts\`) through real HTTP, signed deliveries as Fingerprint
sends them, one \`MemoryReplayStore\` per app unless said. A cell lists the answers to successive
deliveries of one event, in the order they were sent, then how many times the handler completed
its work for it. "While the handler runs": the handler waits until that delivery was answered (or
its connection closed and the server saw it). The shared store of the restart row is ${webhooks.sharedStore}.

| delivery | ${webhooks.adapters.join(' | ')} |
|---|${webhooks.adapters.map(() => '---').join('|')}|
${webhooks.rows.map((row) => `| ${row.scenario} | ${webhooks.adapters.map((a) => `${row.cells[a]}${row.failed.includes(a) ? ' **(unexpected)**' : ''}`).join(' | ')} |`).join('\n')}

A delivery is settled by the handler's answer, never by the connection: a throw or a 5xx gives the
claim back (Fingerprint's retry is processed), any other answer records the event as processed
(\`webhook-done:<event_id>\`), and a redelivery while the handler runs is 409 \`WEBHOOK_IN_PROGRESS\`,
so its sender retries rather than being told "duplicate" about an event that may yet fail. Before
issue 23, Express and Fastify gave the claim back when the client hung up: the dropped-connection
rows ran the handler twice, and the captured delivery replayed with dropped sockets 11 times; every
adapter answered a redelivery during processing "200 duplicate", so an event whose first run then
failed was lost; a closed store took claims.
A memory store does not outlive its process: a delivery within \`maxAge\` after a restart runs again,
which is why the README asks for a shared store (Redis) for webhooks.`;
}

export function amplificationSection(
  rows: AmplificationRow[],
  flood: JunkFloodReport,
  before: JunkFloodReport | undefined,
): string {
  return `### Outbound amplification

\`src/amplification.ts\`: inbound guarded requests through Express against the fake provider, whose
recorded requests are the outbound calls (maxWait 1 s, a 300 ms attempt time-out, default retries).
Every request comes from 127.0.0.1: one client.

| scenario | inbound | outbound | outbound / inbound | bound | answers |
|---|---|---|---|---|---|
${rows.map((row) => `| ${row.scenario} | ${n(row.inbound)} | ${n(row.outbound)} | ${(row.outbound / row.inbound).toFixed(2)} | ${n(row.bound)} | ${codes(row.outcomes)}${row.note ? `; ${row.note}` : ''}${row.unexpected ? ' **(unexpected)**' : ''} |`).join('\n')}

The negative cache and shared in-flight calls make repeated junk cost one call; distinct junk costs
one call each (only the provider can tell a junk token from a real one), never more: refusals are
not retried. A pending token is not a refusal: each request polls it again until \`maxWait\`.
\`maxConcurrent\` caps the calls in flight per provider configuration, process-wide; past it a call
waits for a slot within its \`maxWait\`, served round-robin between client IPs. One client may have
\`maxConcurrent\` calls waiting; past that, and past 8 × \`maxConcurrent\` waiting in all, a call is
refused at once (the hanging row: 8 in flight, 8 waiting, the rest of the burst refused).

### A junk flood against a slow provider

\`src/junk-flood.ts\` (the benchmark with comparisons, before the fix included:
\`tooling/reliability/bench/RESULTS.md\`): a fake cside answering every call in ${ms(flood.providerLatencyMs)}, behind
Express and \`fingerprintGuard\` with cside's defaults (\`maxWait\` ${ms(flood.maxWaitMs)}, \`maxConcurrent\` 32).
${flood.attackers} attacker connections, their sockets bound to 127.0.0.2, send fresh junk tokens, each as soon
as the last is answered, from 2 s before and all through ${flood.seconds} s of legitimate checkouts (5 a
second, each with a genuine token, each from its own 127.0.1.x); Express's \`req.ip\` is the client IP.

| attacker connections | junk tokens/s | provider calls | checkouts | verified within \`maxWait\` | median | p95 | max | the others |
|---:|---:|---:|---:|---:|---:|---:|---:|---|
| ${flood.attackers} | ${n(flood.junk.perSecond)} | ${n(flood.providerCalls)} | ${flood.legitimate.sent} | ${flood.legitimate.verified} (${percent(verifiedShare(flood))}) | ${ms(flood.legitimate.latencyMs.p50)} | ${ms(flood.legitimate.latencyMs.p95)} | ${ms(flood.legitimate.latencyMs.max)} | ${codes(Object.fromEntries(Object.entries(flood.legitimate.outcomes).filter(([code]) => code !== '200'))) || '–'} |

${
  before
    ? `Before issue 23 a call past \`maxConcurrent\` was refused at once: the same flood (${before.seconds} s) left ${before.legitimate.verified} of
${before.legitimate.sent} checkouts verified (bench/RESULTS.md, "Before the fix").`
    : ''
}`;
}

export function oneClaimSection(rows: OneClaimRow[]): string {
  const broken = rows.filter((row) => !row.held);
  return `### One claim, whatever the deployment

\`src/one-claim.ts\` and \`src/one-claim-processes.ts\` (app processes: \`src/one-claim-app.mjs\`), over
real HTTP with Express, on Redis and PostgreSQL when they answer. Each row is an attack that made
one credential count twice before issue 23 (run against commit bd9b164, every row below was
accepted twice, or the webhook handler ran 11 times, or the closed store answered 200): the
replay window was then recorded per store object and per process, so another store object,
another process or a guard built later could see a shorter claim than it would accept; Redis
expired claims on its own clock (\`PXAT\`); a closed store answered "first use". Now the window
belongs to the store (\`windowMs\`, 15 min by default): every claim lasts until the event's
timestamp + the window, whoever makes it, and a guard whose \`maxAge\` + \`clockSkew\` exceeds it is
\`CONFIG_INVALID\`; Redis is given a time to live (\`PX\`), on the app's clock.

| scenario | store | observed | held |
|---|---|---|---|
${rows.map((row) => `| ${row.scenario} | ${row.store} | ${row.observed} | ${row.ran ? yes(row.held) : 'not run'} |`).join('\n')}

${broken.length ? `**Not holding** in ${broken.length} row(s): a credential was counted twice.` : 'No credential was counted twice.'} Every claim lasting the store's window has
a cost for a memory store: 100,000 keys carry about ${n(Math.round(100_000 / 900))} identifications a second with the
default 15-minute window; a store built with \`window\` matching the guards' \`maxAge\` + \`clockSkew\`
(2 min + 10 s by default) carries about ${n(Math.round(100_000 / 130))}.`;
}
