/** A cap on provider calls in flight, with a bounded wait for a slot shared fairly between callers. */
import { FingerprintGuardError } from '../errors.js';

export interface FairLimiter {
  /**
   * Runs `call` once a slot is free, or rejects with `PROVIDER_UNAVAILABLE` when none frees
   * before `deadline` (epoch ms) or the queue is full. Waiting calls are served round-robin
   * between callers (`caller`, e.g. the client IP; one shared line when absent), so a client
   * that floods the provider with junk waits behind itself, not in front of everyone else.
   */
  run<T>(caller: string | undefined, deadline: number, call: () => Promise<T>): Promise<T>;
}

interface Waiter {
  start: () => void;
  fail: (error: FingerprintGuardError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * At most `maxConcurrent` calls run at once. Past that, a call waits for a slot until its
 * deadline; each named caller may have at most `maxConcurrent` calls waiting, and all callers together
 * `maxConcurrent * 8`: past those, the call is refused at once rather than hold memory and sockets.
 */
export function createFairLimiter(maxConcurrent: number, provider: string): FairLimiter {
  const maxWaitingPerCaller = maxConcurrent;
  const maxWaiting = maxConcurrent * 8;
  let running = 0;
  let waiting = 0;
  /** Waiting calls by caller; the Map's order is the round-robin order. */
  const lines = new Map<string, Waiter[]>();

  const unavailable = (why: string) =>
    new FingerprintGuardError('PROVIDER_UNAVAILABLE', `${provider} is busy: ${why} (maxConcurrent ${maxConcurrent}).`);

  /** Starts the first waiter of the caller whose turn it is, and sends that caller to the back. */
  function startNext(): void {
    const next = lines.entries().next();
    if (next.done) return;
    const [caller, line] = next.value;
    const waiter = line.shift()!;
    lines.delete(caller);
    if (line.length > 0) lines.set(caller, line);
    waiting--;
    clearTimeout(waiter.timer);
    waiter.start();
  }

  async function runNow<T>(call: () => Promise<T>): Promise<T> {
    running++;
    try {
      return await call();
    } finally {
      running--;
      startNext();
    }
  }

  return {
    run<T>(caller: string | undefined, deadline: number, call: () => Promise<T>): Promise<T> {
      if (running < maxConcurrent && waiting === 0) return runNow(call);
      const key = caller ?? '';
      const line = lines.get(key) ?? [];
      // Calls that name no caller share one line, bounded only by the whole queue.
      if (caller !== undefined && line.length >= maxWaitingPerCaller)
        return Promise.reject(unavailable('this caller has too many calls waiting'));
      if (waiting >= maxWaiting) return Promise.reject(unavailable('too many calls are waiting'));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return Promise.reject(unavailable('no slot before the deadline'));
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => runNow(call).then(resolve, reject),
          fail: reject,
          timer: setTimeout(() => {
            // Its deadline came first: leave the line without taking a slot.
            const current = lines.get(key);
            const at = current?.indexOf(waiter) ?? -1;
            if (at === -1) return;
            current!.splice(at, 1);
            if (current!.length === 0) lines.delete(key);
            waiting--;
            waiter.fail(unavailable('no slot freed before the deadline'));
          }, remaining),
        };
        line.push(waiter);
        if (!lines.has(key)) lines.set(key, line);
        waiting++;
        if (running < maxConcurrent) startNext();
      });
    },
  };
}
