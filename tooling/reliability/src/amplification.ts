/** Outbound amplification: provider calls made per inbound request, for junk, rate-limited, pending and hanging traffic. */
import express from 'express';
import { fingerprintGuard, MemoryReplayStore, type FingerprintGuardOptions } from '@fingerprint-guard/express';
import { createEventId, createFakeCside, createFakeFingerprintApi, type FakeFailure } from '@fingerprint-guard/testing';
import { FAULT_SECRETS } from './faults.js';
import { listen, outcomeOf, send, tally, type Answer } from './http-app.js';
import { scanningLogger, type SecretScanner } from './secrets.js';

export interface AmplificationRow {
  scenario: string;
  inbound: number;
  /** Requests the fake provider received (its `requests`). */
  outbound: number;
  /** The most outbound calls this scenario may cost. */
  bound: number;
  outcomes: Record<string, number>;
  /** What else the row shows (answers at once, the genuine users' fate). */
  note?: string;
  unexpected: boolean;
}

const MAX_WAIT = '1s' as const;
const JUNK = (i: number) => `fake.junk-token-${i}-${'x'.repeat(24)}`;

type Fake = Awaited<ReturnType<typeof createFakeCside>> | Awaited<ReturnType<typeof createFakeFingerprintApi>>;

interface Scenario {
  scenario: string;
  provider: 'cside' | 'Server API';
  /** Credentials sent, in order, `concurrency` at a time. */
  credentials: (fake: Fake) => Array<Record<string, string>>;
  concurrency: number;
  failures?: FakeFailure[];
  pendingRounds?: number;
  latencyMs?: number;
  client?: { maxConcurrent?: number; timeout?: typeof MAX_WAIT };
  bound: (inbound: number) => number;
  expected: string[];
  /** Adds a note from the answers (in order) and may mark the row unexpected. */
  judge?: (answers: Answer[], credentials: Array<Record<string, string>>) => { note: string; ok: boolean };
}

const cside = (fake: Fake) => fake as Awaited<ReturnType<typeof createFakeCside>>;
const api = (fake: Fake) => fake as Awaited<ReturnType<typeof createFakeFingerprintApi>>;
const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

export function scenarios(n: number, pendingRepeats: number): Scenario[] {
  const hanging = n;
  return [
    {
      scenario: `the same junk cside token ×${n}, 10 at a time`,
      provider: 'cside',
      credentials: () => times(n, () => ({ 'cside-token': JUNK(0) })),
      concurrency: 10,
      bound: () => 1,
      expected: ['401 PROVIDER_REJECTED'],
    },
    {
      scenario: `${n} distinct junk cside tokens`,
      provider: 'cside',
      credentials: () => times(n, (i) => ({ 'cside-token': JUNK(i) })),
      concurrency: 10,
      bound: (i) => i,
      expected: ['401 PROVIDER_REJECTED'],
    },
    {
      scenario: `a well-formed unknown event id ×${n}, 10 at a time`,
      provider: 'Server API',
      credentials: () => times(n, () => ({ 'fingerprint-event-id': '1708102555327.NLOjmg' })),
      concurrency: 10,
      bound: () => 1,
      expected: ['401 PROVIDER_REJECTED'],
    },
    {
      scenario: `${n} distinct well-formed unknown event ids`,
      provider: 'Server API',
      credentials: () => times(n, () => ({ 'fingerprint-event-id': createEventId() })),
      concurrency: 10,
      bound: (i) => i,
      expected: ['401 PROVIDER_REJECTED'],
    },
    {
      scenario: `a malformed event id ×${n}`,
      provider: 'Server API',
      credentials: () => times(n, () => ({ 'fingerprint-event-id': 'not-an-event-id' })),
      concurrency: 10,
      bound: () => 0,
      expected: ['401 PROVIDER_REJECTED'],
    },
    {
      scenario: 'cside answering 429 without Retry-After ×20',
      provider: 'cside',
      credentials: (f) => times(20, () => ({ 'cside-token': cside(f).issueToken() })),
      concurrency: 1,
      failures: Array(20).fill({ status: 429 }),
      bound: (i) => i,
      expected: ['503 PROVIDER_UNAVAILABLE'],
    },
    {
      scenario: 'cside answering 429 with Retry-After: 30 (past maxWait) ×20',
      provider: 'cside',
      credentials: (f) => times(20, () => ({ 'cside-token': cside(f).issueToken() })),
      concurrency: 1,
      failures: Array(20).fill({ status: 429, retryAfter: 30 }),
      bound: (i) => i,
      expected: ['503 PROVIDER_UNAVAILABLE'],
    },
    {
      scenario: 'cside answering 503 to every attempt ×20 (5xx is retried: 3 attempts)',
      provider: 'cside',
      credentials: (f) => times(20, () => ({ 'cside-token': cside(f).issueToken() })),
      concurrency: 1,
      failures: Array(60).fill({ status: 503 }),
      bound: (i) => 3 * i,
      expected: ['503 PROVIDER_UNAVAILABLE'],
    },
    {
      scenario: `a token still pending at maxWait (${MAX_WAIT}), once`,
      provider: 'cside',
      pendingRounds: 1_000,
      credentials: (f) => [{ 'cside-token': cside(f).issueToken() }],
      concurrency: 1,
      bound: () => 10,
      expected: ['503 PROVIDER_PENDING'],
    },
    {
      scenario: `the same pending token ×${pendingRepeats} at once`,
      provider: 'cside',
      pendingRounds: 1_000,
      credentials: (f) => times(pendingRepeats, () => ({ 'cside-token': pendingToken(f) })),
      concurrency: pendingRepeats,
      bound: () => 10,
      expected: ['503 PROVIDER_PENDING'],
    },
    {
      scenario: `the same pending token ×${pendingRepeats}, one after another`,
      provider: 'cside',
      pendingRounds: 1_000,
      credentials: (f) => times(pendingRepeats, () => ({ 'cside-token': pendingToken(f) })),
      concurrency: 1,
      bound: (i) => 10 * i,
      expected: ['503 PROVIDER_PENDING'],
    },
    {
      scenario: `${hanging} concurrent requests from one client IP, cside hanging, maxConcurrent 8`,
      provider: 'cside',
      credentials: (f) => times(hanging, () => ({ 'cside-token': cside(f).issueToken() })),
      concurrency: hanging,
      failures: Array(hanging * 3).fill('hang'),
      client: { maxConcurrent: 8 },
      // 8 in flight and 8 waiting for a slot (one caller may queue maxConcurrent), 3 attempts each at most.
      bound: () => 16 * 3,
      expected: ['503 PROVIDER_UNAVAILABLE'],
      judge: (answers) => {
        // Told by the refusal's own message, not by timing: the machine's load cannot move it.
        const atOnce = answers.filter((a) => a.body.includes('too many calls waiting'));
        const slowest = Math.max(...atOnce.map((a) => a.millis));
        return {
          note: `${atOnce.length} refused at once ("this caller has too many calls waiting", slowest ${Math.round(slowest)} ms), 16 waited for the provider (8 in flight, 8 queued for a slot)`,
          ok: atOnce.length === hanging - 16,
        };
      },
    },
    {
      scenario: `a junk flood (${4 * n} distinct tokens, 64 at a time, provider 50 ms away) with 20 genuine users among it, maxConcurrent 32 (default), attempts up to maxWait`,
      provider: 'cside',
      latencyMs: 50,
      credentials: (f) =>
        times(4 * n, (i) => ({ 'cside-token': i % Math.floor((4 * n) / 20) === 0 ? cside(f).issueToken() : JUNK(i) })),
      concurrency: 64,
      // An attempt may last the whole maxWait: on a loaded machine a 50 ms answer can pass 300 ms,
      // and a timed-out attempt is retried; this row counts calls per token, not time-outs.
      client: { timeout: MAX_WAIT },
      bound: (i) => i,
      expected: ['401 PROVIDER_REJECTED', '503 PROVIDER_UNAVAILABLE', '200'],
      judge: (answers, credentials) => {
        const genuine: Record<string, number> = {};
        for (const [i, a] of answers.entries())
          if (!credentials[i]!['cside-token']!.includes('junk')) tally(genuine, outcomeOf(a));
        return {
          note: `genuine users: ${Object.entries(genuine)
            .map(([c, k]) => `${c} ×${k}`)
            .join(
              ', ',
            )} (one client IP for junk and genuine alike: past maxConcurrent, calls wait in one line for a slot within maxWait)`,
          ok: true,
        };
      },
    },
  ];
}

/** One pending token per fake, issued once: the "same token" rows. */
const pending = new WeakMap<Fake, string>();
function pendingToken(fake: Fake): string {
  if (!pending.has(fake)) pending.set(fake, cside(fake).issueToken());
  return pending.get(fake)!;
}

/**
 * Each scenario against a fresh fake provider and a fresh guard behind Express (maxWait 1 s, a
 * 300 ms attempt time-out, default retries): `n` inbound requests for the junk rows, `pendingRepeats`
 * for the pending ones. Outbound is what the fake received.
 */
export async function runAmplification(options: {
  n: number;
  pendingRepeats: number;
  scanner: SecretScanner;
}): Promise<AmplificationRow[]> {
  const { scanner } = options;
  const { logger } = scanningLogger(scanner);
  const rows: AmplificationRow[] = [];
  for (const s of scenarios(options.n, options.pendingRepeats)) {
    const fake: Fake =
      s.provider === 'cside'
        ? await createFakeCside({
            apiKey: FAULT_SECRETS.csideApiKey,
            pendingRounds: s.pendingRounds,
            latencyMs: s.latencyMs,
          })
        : await createFakeFingerprintApi({ secretKey: FAULT_SECRETS.serverApiSecret, latencyMs: s.latencyMs });
    const client = { maxWait: MAX_WAIT, timeout: '300ms' as const, ...s.client };
    const guardOptions: FingerprintGuardOptions =
      s.provider === 'cside'
        ? { cside: { apiKey: FAULT_SECRETS.csideApiKey, baseUrl: fake.url, ...client } }
        : {
            fingerprint: {
              serverApi: { secretKey: FAULT_SECRETS.serverApiSecret, baseUrl: api(fake).baseUrl, ...client },
            },
          };
    const app = express();
    app.post(
      '/guarded',
      express.json(),
      fingerprintGuard({ ...guardOptions, replay: { store: new MemoryReplayStore() }, logger }),
      (_req, res) => void res.json({ ok: true }),
    );
    const server = await listen(app);
    if (s.failures) fake.failNext(...s.failures);
    const credentials = s.credentials(fake);
    const before = fake.requests.length;
    const answers: Answer[] = new Array(credentials.length);
    let next = 0;
    const worker = async () => {
      while (next < credentials.length) {
        const i = next++;
        answers[i] = await send(`${server.url}/guarded`, { headers: credentials[i] });
      }
    };
    await Promise.all(times(s.concurrency, worker));
    const outbound = fake.requests.length - before;
    await server.close();
    await fake.close();
    const outcomes: Record<string, number> = {};
    for (const answer of answers) {
      tally(outcomes, outcomeOf(answer));
      scanner.scan('amplification response', answer.body);
    }
    const judged = s.judge?.(answers, credentials);
    const inbound = credentials.length;
    const bound = s.bound(inbound);
    const unexpected =
      outbound > bound || Object.keys(outcomes).some((code) => !s.expected.includes(code)) || judged?.ok === false;
    rows.push({ scenario: s.scenario, inbound, outbound, bound, outcomes, note: judged?.note, unexpected });
  }
  return rows;
}
