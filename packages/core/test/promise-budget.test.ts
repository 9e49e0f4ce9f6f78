// The work the guard does per request, counted rather than timed: on Node a sealed result is
// unsealed, judged and claimed in a synchronous store without a promise per step.
import { promiseHooks } from 'node:v8';
import * as otelApi from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { decideOrRefuseNow, isPromiseLike } from '../src/adapter/index.js';
import { createFingerprintGuard, createUnsealer, MemoryReplayStore } from '../src/index.js';
import { createEvent, generateKey, sealEvent } from './helpers.js';

const key = generateKey();

/** Promises the guard's own code creates while `work` runs (the test's own awaits are not counted). */
async function promisesMadeBy(work: () => Promise<unknown>): Promise<number> {
  let made = 0;
  const stop = promiseHooks.onInit(() => {
    // The frame that made the promise: the first of ours below this hook (and Promise internals).
    const maker = new Error().stack
      ?.split('\n')
      .slice(2)
      .find((line) => line.includes('/src/') || line.includes('/test/'));
    if (maker?.includes('/src/')) made++;
  });
  try {
    await work();
  } finally {
    stop();
  }
  return made;
}

describe('promises per decision (Node)', () => {
  it('a sealed result claimed in the memory store: one promise, the one decide answers', async () => {
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key] },
      replay: { store: new MemoryReplayStore() },
      opentelemetry: false,
    });
    const headers = () => ({ 'fingerprint-sealed-result': sealEvent(createEvent(), key) });
    await guard.decide({ headers: headers() }); // first call: lazily built parts
    const input = { headers: headers() };
    let decision: Awaited<ReturnType<typeof guard.decide>> | undefined;
    // Before: 21 (an async function and an await per step: extract, authenticate, unseal, decrypt, claim, check), then 2.
    const made = await promisesMadeBy(async () => {
      decision = await guard.decide(input);
    });
    expect(decision?.allowed).toBe(true);
    expect(decision?.fingerprint?.replayCheck).toBe('claimed');
    expect(made).toBe(1);
    expect((await guard.decide(input)).error?.code).toBe('EVENT_REPLAYED');
  });

  it('with the OpenTelemetry API and no SDK registered, still one: nothing reads a report', async () => {
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, opentelemetry: otelApi });
    await guard.decide({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } });
    const input = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    let allowed: boolean | undefined;
    // Before: 4 (an async observer around the decision, awaiting it).
    const made = await promisesMadeBy(async () => {
      allowed = (await guard.decide(input)).allowed;
    });
    expect(allowed).toBe(true);
    expect(made).toBe(1);
  });

  it('adapters get the decision itself, with no promise at all, and a replay refused the same way', async () => {
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key] },
      replay: { store: new MemoryReplayStore() },
      opentelemetry: false,
    });
    const input = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    let first: ReturnType<typeof decideOrRefuseNow> | undefined;
    const made = await promisesMadeBy(async () => {
      first = decideOrRefuseNow(guard, input, input);
    });
    expect(made).toBe(0);
    expect(isPromiseLike(first)).toBe(false);
    expect(first).toMatchObject({ allowed: true, fingerprint: { replayCheck: 'claimed' } });
    expect(decideOrRefuseNow(guard, input, input)).toMatchObject({ allowed: false, error: { code: 'EVENT_REPLAYED' } });
  });

  it('adapters get a promise where a stage waits (an async store, a lazy guard), and a misconfiguration as a 500 denial', async () => {
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const input = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    const waiting = createFingerprintGuard({ fingerprint: { keys: [key] }, replay: { store: asyncStore } });
    const decided = decideOrRefuseNow(waiting, input, input);
    expect(isPromiseLike(decided)).toBe(true);
    await expect(decided).resolves.toMatchObject({ allowed: true });

    const broken = createFingerprintGuard(() => ({ fingerprint: { keys: ['not a key'] } }));
    const refused = decideOrRefuseNow(broken, input, input);
    expect(isPromiseLike(refused)).toBe(true);
    await expect(refused).resolves.toMatchObject({ allowed: false, error: { code: 'CONFIG_INVALID', status: 500 } });

    const lazy = createFingerprintGuard(() => ({ fingerprint: { keys: [key] }, replay: { store: memory } }));
    const fresh = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    expect(decideOrRefuseNow(lazy, fresh, fresh)).toMatchObject({ allowed: true });
  });

  it('a bug in a guard of your own is a rejection, never a throw', async () => {
    const failing = {
      mode: 'enforce' as const,
      decide: () => Promise.reject(new Error('boom')),
      verify: async () => {
        throw new Error('boom');
      },
    };
    const throwing = {
      ...failing,
      decide: () => {
        throw new Error('sync boom');
      },
    };
    const input = { headers: {} };
    await expect(decideOrRefuseNow(failing as never, input, input)).rejects.toThrow('boom');
    let answer: unknown;
    expect(() => {
      answer = decideOrRefuseNow(throwing as never, input, input);
    }).not.toThrow();
    await expect(answer).rejects.toThrow('sync boom');
  });

  it('a store that answers a promise is still awaited, and a replay still refused', async () => {
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key] },
      replay: { store: asyncStore },
      opentelemetry: false,
    });
    const input = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    const [first, second] = await Promise.all([guard.decide(input), guard.decide(input)]);
    expect([first.allowed, second.allowed].sort()).toEqual([false, true]);
  });

  it('the public unsealer still answers a promise: a bad input is a rejection, never a throw', async () => {
    const unsealer = createUnsealer({ keys: [key] });
    let answer: Promise<unknown> | undefined;
    expect(() => {
      answer = unsealer.unseal('not base64 %%%');
    }).not.toThrow();
    await expect(answer).rejects.toMatchObject({ code: 'SEALED_RESULT_MALFORMED' });
    await expect(unsealer.unsealDetailed(sealEvent(createEvent(), key))).resolves.toMatchObject({ keyIndex: 0 });
  });
});
