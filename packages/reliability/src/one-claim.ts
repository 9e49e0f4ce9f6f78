/** One claim per application: how long a claim lasts when guards and webhooks share a store, and when that falls short. */
import {
  createFingerprintGuard,
  createWebhookReceiver,
  MemoryReplayStore,
  type ReplayStore,
} from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { scanningLogger, type SecretScanner } from './secrets.js';

export interface OneClaimRow {
  scenario: string;
  observed: string;
  /** False: the contract ("no guard can accept what another already claimed") did not hold. */
  held: boolean;
  /** A row that measures rather than checks: how long the claim lasts after the event, in seconds. */
  lifetimeSeconds?: number;
}

/** A store that records, for each claim, how long after the event's timestamp it lasts. */
function recordingStore() {
  const inner = new MemoryReplayStore();
  const lifetimesMs: number[] = [];
  let timestamp = 0;
  const store: ReplayStore = {
    claim: (key, expiresAtMs) => {
      lifetimesMs.push(expiresAtMs - timestamp);
      return inner.claim(key, expiresAtMs);
    },
  };
  return {
    store,
    lifetimesMs,
    eventAt: (ms: number) => {
      timestamp = ms;
    },
  };
}

export async function runOneClaim(scanner: SecretScanner): Promise<OneClaimRow[]> {
  const key = generateKey();
  scanner.addSecret('one-claim key', key);
  const { logger } = scanningLogger(scanner);
  const rows: OneClaimRow[] = [];
  const request = (sealed: string) => ({ headers: { 'fingerprint-sealed-result': sealed } });
  const decide = async (guard: ReturnType<typeof createFingerprintGuard>, sealed: string) => {
    const decision = await guard.decide(request(sealed));
    if (decision.error) scanner.scan('one-claim error', decision.error);
    return decision.allowed ? 'accepted' : decision.error!.code;
  };

  // How long a 2-minute guard's claim lasts: alone, then once a webhook receiver shares its store.
  const recording = recordingStore();
  const login = createFingerprintGuard({
    fingerprint: { keys: [key] },
    maxAge: '2m',
    replay: { store: recording.store },
    logger,
  });
  const claimOnce = async () => {
    const event = createEvent();
    recording.eventAt(event.timestamp);
    await decide(login, sealEvent(event, key));
    return recording.lifetimesMs.at(-1)! / 1000;
  };
  const alone = await claimOnce();
  createWebhookReceiver({ secret: 'whsec_one_claim', replay: { store: recording.store }, logger });
  const shared = await claimOnce();
  const perSecond = (seconds: number) => Math.round(100_000 / seconds);
  rows.push({
    scenario: 'a 2-minute guard’s claim, the guard alone on its store',
    observed: `lasts ${alone} s after the event: 100,000 keys carry ${perSecond(alone)} identifications/s`,
    held: true,
    lifetimeSeconds: alone,
  });
  rows.push({
    scenario: 'the same guard’s claim once a webhook receiver (maxAge 15m) shares the store',
    observed: `lasts ${shared} s: webhook claims have their own window, so 100,000 keys still carry ${perSecond(shared)} identifications/s`,
    held: shared === alone,
    lifetimeSeconds: shared,
  });

  // A guard with a longer maxAge, built before or after a shorter guard's claim ran out.
  for (const builtLate of [false, true]) {
    const store = new MemoryReplayStore();
    // clockSkew 0 so the short guard's claim ends half a second after its acceptance.
    const short = createFingerprintGuard({
      fingerprint: { keys: [key] },
      maxAge: '2m',
      clockSkew: '0s',
      replay: { store },
      logger,
    });
    const build = () =>
      createFingerprintGuard({ fingerprint: { keys: [key] }, maxAge: '10m', replay: { store }, logger });
    let long = builtLate ? undefined : build();
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 119_500 }), key);
    const first = await decide(short, sealed);
    await new Promise((resolve) => setTimeout(resolve, 700));
    long ??= build();
    const second = await decide(long, sealed);
    rows.push({
      scenario: `an identification accepted by a 2m guard, presented 0.7 s later to a 10m guard on the same store built ${builtLate ? 'after' : 'before'} the claim`,
      observed: `${first}, then ${second}`,
      // Either refusal keeps the promise: the claim is live (409), or the later guard is held to the
      // shortest window in force since the event was made (401; the event here predates both guards).
      held: first === 'accepted' && (second === 'EVENT_REPLAYED' || second === 'EVENT_EXPIRED'),
    });
  }
  return rows;
}
