/** One claim across processes: app processes (src/one-claim-app.mjs) with other maxAge, another clock, or a closed default store. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createEvent, sealEvent } from '@fingerprint-guard/testing';
import { outcomeOf, send } from './http-app.js';
import type { SecretScanner } from './secrets.js';

export interface OneClaimRow {
  scenario: string;
  /** Where the claims lived: `Redis`, `PostgreSQL`, `memory`. */
  store: string;
  /** The answers, in order. */
  observed: string;
  /** False: a credential counted twice (or a closed store let one through). */
  held: boolean;
  /** False when the store it needs did not answer: the row says so and asserts nothing. */
  ran: boolean;
}

export const REPLAYED = '409 EVENT_REPLAYED';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AppProcess {
  url: string;
  child: ChildProcess;
}

const APP = new URL('./one-claim-app.mjs', import.meta.url).pathname;

async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, [APP], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('a one-claim app process exited before it listened');
  return { url: `http://127.0.0.1:${String(first.value).trim()}`, child };
}

async function stopApp(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null) return;
  const exited = new Promise((resolve) => app.child.once('exit', resolve));
  app.child.kill('SIGTERM');
  await exited;
}

/**
 * The rows that need app processes of their own: two processes with different `maxAge` on one
 * Redis keyspace; an app whose clock is 3 s behind Redis's; the default store closed by a module
 * of the app. `redisUrl` undefined: Redis did not answer, and its rows are not run.
 */
export async function processRows(key: string, redisUrl: string | undefined, scanner: SecretScanner) {
  const started: AppProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const app = await startApp({ SEALED_KEY: key, ...(redisUrl && { REDIS_URL: redisUrl }), ...env });
    started.push(app);
    return app;
  };
  const post = async (url: string, sealed?: string) => {
    const answer = await send(url, { headers: sealed ? { 'fingerprint-sealed-result': sealed } : {} });
    scanner.scan('one-claim process response', answer.body);
    return outcomeOf(answer);
  };
  const notRun = (scenario: string): OneClaimRow => ({
    scenario,
    store: 'Redis',
    observed: 'not run: Redis did not answer',
    held: true,
    ran: false,
  });

  const twoProcesses = async (): Promise<OneClaimRow> => {
    const scenario =
      'two app processes on one Redis keyspace, maxAge 3 s and 10 min (clockSkew 1 s): the 10 min one, 4.2 s after the event';
    if (!redisUrl) return notRun(scenario);
    const PREFIX = `fpg:one-claim:${randomUUID()}:`;
    const [short, long] = await Promise.all([
      start({ STORE: 'redis', PREFIX, MAX_AGE: '3s', CLOCK_SKEW: '1s' }),
      start({ STORE: 'redis', PREFIX, MAX_AGE: '10m', CLOCK_SKEW: '1s' }),
    ]);
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 1_000 }), key);
    const first = await post(`${short.url}/login`, sealed);
    // Past timestamp + maxAge + clockSkew of the short process (4 s): a claim sized by it would be gone.
    await sleep(3_200);
    const second = await post(`${long.url}/login`, sealed);
    return { scenario, store: 'Redis', observed: `${first}, then ${second}`, held: second === REPLAYED, ran: true };
  };

  const clocksApart = async (): Promise<OneClaimRow> => {
    const scenario =
      'Redis’s clock 3 s ahead of the app’s (window 4 s, maxAge 4 s, clockSkew 0 s): the same sealed result 1.5 s later';
    if (!redisUrl) return notRun(scenario);
    // The app and the provider agree on a clock 3 s behind the machine's, where Redis runs.
    const app = await start({
      STORE: 'redis',
      PREFIX: `fpg:one-claim:${randomUUID()}:`,
      WINDOW: '4s',
      MAX_AGE: '4s',
      CLOCK_SKEW: '0s',
      CLOCK_OFFSET_MS: '-3000',
    });
    const sealed = sealEvent(createEvent({ timestamp: Date.now() - 3_000 }), key);
    const first = await post(`${app.url}/login`, sealed);
    // By Redis's clock an absolute expiry (timestamp + 4 s, app clock) is 1 s from now; the claim must
    // outlive it. The replay, 1.5 s old, is 2.5 s inside maxAge.
    await sleep(1_500);
    const second = await post(`${app.url}/login`, sealed);
    return { scenario, store: 'Redis', observed: `${first}, then ${second}`, held: second === REPLAYED, ran: true };
  };

  const closedDefault = async (): Promise<OneClaimRow> => {
    const app = await start({ STORE: 'default' });
    const sealed = sealEvent(createEvent(), key);
    const first = await post(`${app.url}/login`, sealed);
    const closed = await post(`${app.url}/close`);
    const answers = {
      'its replay': await post(`${app.url}/login`, sealed),
      'a new result': await post(`${app.url}/login`, sealEvent(createEvent(), key)),
      'a guard built after': await post(`${app.url}/later`, sealEvent(createEvent(), key)),
    };
    const refused = Object.values(answers).every((answer) => answer === '503 REPLAY_STORE_UNAVAILABLE');
    return {
      scenario: 'the default store closed by a module of the app (an app process): every guard, before or after',
      store: 'memory',
      observed: `${first}; close ${closed}; ${Object.entries(answers)
        .map(([what, answer]) => `${what} ${answer}`)
        .join(', ')}`,
      held: first === '200' && refused,
      ran: true,
    };
  };

  try {
    return await Promise.all([twoProcesses(), clocksApart(), closedDefault()]);
  } finally {
    await Promise.all(started.map(stopApp));
  }
}
