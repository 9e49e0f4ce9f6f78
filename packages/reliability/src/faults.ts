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

export const FAULT_SECRETS = { csideApiKey: 'cside_live_secret_0123456789abcdef', serverApiSecret: 'fp_secret_live_0123456789abcdef' };
const MAX_WAIT_MS = 1_000;
const REQUESTS = 12;

interface Fault {
  name: string;
  /** The fake's behaviour; `perRequest` failures are queued before each request. */
  latencyMs?: number;
  perRequest?: FakeFailure[];
  pending?: number;
  expected: string[];
}

const FAULTS: Fault[] = [
  { name: 'slower than the per-attempt time-out', latencyMs: 400, expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'failing (503 on every attempt)', perRequest: [{ status: 503 }, { status: 503 }, { status: 503 }], expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'flapping (500, then fine)', perRequest: [{ status: 500 }], expected: ['allowed'] },
  { name: 'rate limited (429, Retry-After: 0, then fine)', perRequest: [{ status: 429, retryAfter: 0 }], expected: ['allowed'] },
  { name: 'garbage (a 200 with broken JSON)', perRequest: ['malformed'], expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'connection reset on every attempt', perRequest: ['reset', 'reset', 'reset'], expected: ['PROVIDER_UNAVAILABLE'] },
  { name: 'hanging on every attempt', perRequest: ['hang', 'hang', 'hang'], expected: ['PROVIDER_UNAVAILABLE'] },
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
          ? await createFakeCside({ apiKey: FAULT_SECRETS.csideApiKey, latencyMs: fault.latencyMs, pendingRounds: fault.pending })
          : await createFakeFingerprintApi({ secretKey: FAULT_SECRETS.serverApiSecret, latencyMs: fault.latencyMs });
      const http = { timeout: '200ms', maxWait: `${MAX_WAIT_MS}ms`, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 } } as const;
      const guard = createFingerprintGuard({
        ...(provider === 'cside'
          ? { cside: { apiKey: FAULT_SECRETS.csideApiKey, baseUrl: fake.url, ...http } }
          : { fingerprint: { serverApi: { secretKey: FAULT_SECRETS.serverApiSecret, baseUrl: `${fake.url}/v4/`, ...http } } }),
        logger,
      });
      const outcome: FaultOutcome = { provider, fault: fault.name, requests: 0, outcomes: {}, unexpected: 0, maxMillis: 0, boundMillis: MAX_WAIT_MS + 1_500 };
      // Failing faults run concurrently, as traffic does. "Fails, then fine" runs one request at a
      // time: the fake's scripted failures go to whichever attempt comes next, and a fast retry of
      // one request could otherwise take another request's failure.
      const once = async () => {
        const headers: Record<string, string> =
          provider === 'cside'
            ? { 'cside-token': (fake as Awaited<ReturnType<typeof createFakeCside>>).issueToken() }
            : { 'fingerprint-event-id': (fake as Awaited<ReturnType<typeof createFakeFingerprintApi>>).addEvent(createEvent()) };
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
      if (fault.expected.includes('allowed')) {
        for (let i = 0; i < REQUESTS; i++) {
          if (fault.perRequest) fake.failNext(...fault.perRequest);
          await once();
        }
      } else {
        if (fault.perRequest) for (let i = 0; i < REQUESTS; i++) fake.failNext(...fault.perRequest);
        await Promise.all(Array.from({ length: REQUESTS }, once));
      }
      await fake.close();
      results.push(outcome);
    }
  }
  return results;
}
