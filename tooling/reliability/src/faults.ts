/** Provider faults: slow, failing, flapping, garbage, hanging, still pending. Every outcome typed, in time. */
import { createFingerprintGuard, isFingerprintGuardError } from '@fingerprint-guard/core';
import { createEvent, createFakeCside, createFakeFingerprintApi, type FakeFailure } from '@fingerprint-guard/testing';
import { scanningLogger, type SecretScanner } from './secrets.js';

export interface FaultOutcome {
  provider: 'cside' | 'Server API';
  fault: string;
  requests: number;
  /** Outcomes by code (`allowed` for success). */
  outcomes: Record<string, number>;
  /** Outcomes outside `expected` (a crash, a hang, a wrong code): must stay 0. */
  unexpected: number;
  maxMillis: number;
  /** The longest any request may take: maxWait plus a margin for a shared machine. */
  boundMillis: number;
}

export const FAULT_SECRETS = {
  csideApiKey: 'cside_live_secret_0123456789abcdef',
  serverApiSecret: 'fp_secret_live_0123456789abcdef',
};
const MAX_WAIT_MS = 1_000;
const ATTEMPTS = 3;
const REQUESTS = 12;

interface Fault {
  name: string;
  latencyMs?: number;
  /** Answers every attempt of every request this way (queued for all of them up front). */
  everyAttempt?: FakeFailure;
  /** Answers a request's first attempt this way, then normally (requests run one at a time). */
  firstAttempt?: FakeFailure;
  pending?: number;
  expected: string[];
}

const FAULTS: Fault[] = [
  { name: 'slower than the per-attempt time-out', latencyMs: 400, expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'failing (503 on every attempt)', everyAttempt: { status: 503 }, expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'flapping (500, then fine)', firstAttempt: { status: 500 }, expected: ['allowed'] },
  {
    name: 'rate limited (429, Retry-After: 0, then fine)',
    firstAttempt: { status: 429, retryAfter: 0 },
    expected: ['allowed'],
  },
  { name: 'garbage (a 200 with broken JSON)', everyAttempt: 'malformed', expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'connection reset on every attempt', everyAttempt: 'reset', expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'hanging on every attempt', everyAttempt: 'hang', expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'cside still pending at maxWait', pending: 1_000, expected: ['PROVIDER_PENDING'] },
];

export async function runFaults(scanner: SecretScanner): Promise<FaultOutcome[]> {
  const results: FaultOutcome[] = [];
  const { logger } = scanningLogger(scanner);
  for (const provider of ['cside', 'Server API'] as const) {
    for (const fault of FAULTS) {
      if (fault.pending && provider !== 'cside') continue;
      const fake =
        provider === 'cside'
          ? await createFakeCside({
              apiKey: FAULT_SECRETS.csideApiKey,
              latencyMs: fault.latencyMs,
              pendingRounds: fault.pending,
            })
          : await createFakeFingerprintApi({ secretKey: FAULT_SECRETS.serverApiSecret, latencyMs: fault.latencyMs });
      const http = {
        timeout: '200ms',
        maxWait: `${MAX_WAIT_MS}ms`,
        retry: { attempts: ATTEMPTS, baseDelayMs: 10, maxDelayMs: 50 },
      } as const;
      const guard = createFingerprintGuard({
        ...(provider === 'cside'
          ? { cside: { apiKey: FAULT_SECRETS.csideApiKey, baseUrl: fake.url, ...http } }
          : {
              fingerprint: {
                serverApi: { secretKey: FAULT_SECRETS.serverApiSecret, baseUrl: `${fake.url}/v4/`, ...http },
              },
            }),
        logger,
      });
      const outcome: FaultOutcome = {
        provider,
        fault: fault.name,
        requests: 0,
        outcomes: {},
        unexpected: 0,
        maxMillis: 0,
        boundMillis: MAX_WAIT_MS + 1_500,
      };
      // The fake's scripted failures go to whichever attempt arrives next. Faults on every attempt
      // queue one for each attempt any request could make, so requests can run concurrently, as
      // traffic does, and an attempt that times out on a loaded machine (and is retried) still
      // meets the fault. "Fails, then fine" runs one request at a time, so that one request's
      // retry cannot take another request's failure.
      const once = async () => {
        const headers: Record<string, string> =
          provider === 'cside'
            ? { 'cside-token': (fake as Awaited<ReturnType<typeof createFakeCside>>).issueToken() }
            : {
                'fingerprint-event-id': (fake as Awaited<ReturnType<typeof createFakeFingerprintApi>>).addEvent(
                  createEvent(),
                ),
              };
        const started = performance.now();
        let code: string;
        try {
          const decision = await guard.decide({ headers });
          code = decision.allowed ? 'allowed' : decision.error!.code;
          if (decision.error) scanner.scan(`${provider} fault error`, decision.error);
        } catch (error) {
          code = isFingerprintGuardError(error) ? error.code : `crash: ${String(error)}`;
        }
        const millis = performance.now() - started;
        outcome.requests++;
        outcome.outcomes[code] = (outcome.outcomes[code] ?? 0) + 1;
        outcome.maxMillis = Math.max(outcome.maxMillis, millis);
        if (!fault.expected.includes(code) || millis > outcome.boundMillis) outcome.unexpected++;
      };
      if (fault.firstAttempt) {
        for (let i = 0; i < REQUESTS; i++) {
          fake.failNext(fault.firstAttempt);
          await once();
        }
      } else {
        if (fault.everyAttempt) fake.failNext(...Array<FakeFailure>(REQUESTS * ATTEMPTS).fill(fault.everyAttempt));
        await Promise.all(Array.from({ length: REQUESTS }, once));
      }
      await fake.close();
      results.push(outcome);
    }
  }
  return results;
}
