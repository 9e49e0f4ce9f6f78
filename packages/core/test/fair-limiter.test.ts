// The provider-call limiter: calls past maxConcurrent wait within their deadline, fairly between callers, in bounded lines.
import { describe, expect, it } from 'vitest';
import { createFairLimiter } from '../src/http/fair-limiter.js';
import { expectGuardError } from './helpers.js';

/** A call that runs until `finish()` is called, recording that it started. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => {
    finish = () => resolve(name);
  });
  return {
    call: () => {
      started.push(name);
      return done;
    },
    finish,
  };
}

const later = (ms = 5_000) => Date.now() + ms;

describe('createFairLimiter', () => {
  it('runs up to maxConcurrent calls at once; the next starts when one finishes', async () => {
    const limiter = createFairLimiter(2, 'cside');
    const started: string[] = [];
    const [a, b, c] = [gate(started, 'a'), gate(started, 'b'), gate(started, 'c')];
    const results = [a, b, c].map((g) => limiter.run(undefined, later(), g.call));
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    a.finish();
    await results[0];
    await Promise.resolve();
    expect(started).toEqual(['a', 'b', 'c']);
    b.finish();
    c.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
  });

  it('a call still waiting at its deadline is PROVIDER_UNAVAILABLE and never runs', async () => {
    const limiter = createFairLimiter(1, 'cside');
    const started: string[] = [];
    const running = gate(started, 'running');
    const first = limiter.run(undefined, later(), running.call);
    const waiting = gate(started, 'waiting');
    const error = await expectGuardError(limiter.run(undefined, Date.now() + 50, waiting.call), 'PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('maxConcurrent 1');
    running.finish();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual(['running']);
  });

  it('serves waiting calls round-robin between callers, whoever queued more', async () => {
    const limiter = createFairLimiter(2, 'cside');
    const started: string[] = [];
    const calls: Array<[string, string]> = [
      ['a', 'a1'],
      ['a', 'a2'],
      ['a', 'a3'],
      ['a', 'a4'],
      ['b', 'b1'],
      ['c', 'c1'],
      ['b', 'b2'],
    ];
    const gates = calls.map(([, name]) => gate(started, name));
    const results = calls.map(([caller], i) => limiter.run(caller, later(), gates[i]!.call));
    for (const g of gates) {
      g.finish();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await Promise.all(results);
    expect(started).toEqual(['a1', 'a2', 'a3', 'b1', 'c1', 'a4', 'b2']);
  });

  it('refuses at once a named caller with maxConcurrent calls waiting, and any call when the whole queue is full', async () => {
    const limiter = createFairLimiter(2, 'cside');
    const started: string[] = [];
    const held = Array.from({ length: 2 }, (_, i) => gate(started, `run${i}`));
    const running = held.map((g) => limiter.run('x', later(), g.call));
    const waitingX = [
      limiter.run('x', later(), gate(started, 'x1').call),
      limiter.run('x', later(), gate(started, 'x2').call),
    ];
    const tooMany = await expectGuardError(limiter.run('x', later(), gate(started, 'x3').call), 'PROVIDER_UNAVAILABLE');
    expect(tooMany.message).toContain('this caller has too many calls waiting');
    // Others still queue, up to 8 × maxConcurrent waiting in all (here: 14 more).
    const others = Array.from({ length: 14 }, (_, i) => limiter.run(`ip-${i}`, later(), gate(started, `o${i}`).call));
    const full = await expectGuardError(
      limiter.run('late', later(), gate(started, 'late').call),
      'PROVIDER_UNAVAILABLE',
    );
    expect(full.message).toContain('too many calls are waiting');
    for (const promise of [...waitingX, ...others]) promise.catch(() => {});
    for (const g of held) g.finish();
    await Promise.all(running);
    expect(started).not.toContain('x3');
    expect(started).not.toContain('late');
  });
});
