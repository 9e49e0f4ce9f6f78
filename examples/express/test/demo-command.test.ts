// `pnpm demo`, the README's first command, as a user runs it: it serves the page, logs in, shows a
// ruleset's block answer, prints OpenTelemetry spans with FP_OTEL=console, and Ctrl-C (SIGINT to
// the whole process group, as a terminal sends it) stops it with exit code 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const running: ChildProcess[] = [];

/** The pnpm running this test (pnpm sets npm_execpath for the scripts it runs). */
function pnpmCli(): string {
  const cli = process.env.npm_execpath;
  if (!cli || !/pnpm/.test(cli)) throw new Error('Run this test through pnpm (pnpm test): it starts `pnpm demo`.');
  return cli;
}

interface Demo {
  process: ChildProcess;
  url: string;
  output: { stdout: string; stderr: string };
}

/** Starts `pnpm demo` in its own process group and resolves once it prints its URL. */
async function startDemo(extraEnv: Record<string, string> = {}): Promise<Demo> {
  // Nothing from the test's environment that would change the demo (keys, Redis, production mode).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(FP_|CSIDE_|REDIS_URL$|NODE_ENV$|PUBLIC_ORIGINS$)/.test(name)),
  );
  const child = spawn(process.execPath, [pnpmCli(), 'demo'], {
    cwd: ROOT,
    detached: true, // its own process group, which a terminal's Ctrl-C signals as a whole
    env: { ...env, PORT: '0', HOST: '127.0.0.1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const printed = /fingerprint-guard demo: (http:\/\/\S+\/)/.exec(output.stdout);
      if (printed) resolve(printed[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`pnpm demo exited (${code}) before serving:\n${output.stdout}\n${output.stderr}`)),
    );
  });
  return { process: child, url, output };
}

/** Ctrl-C: SIGINT to every process of the group; resolves the exit code and signal of pnpm. */
async function interrupt(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  process.kill(-child.pid!, 'SIGINT');
  return exited;
}

afterAll(() => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
});

describe('pnpm demo', () => {
  it('serves the page, logs in with the simulator’s identification, and stops on Ctrl-C with exit code 0', async () => {
    const { process: demo, url, output } = await startDemo();
    expect((await fetch(url)).status).toBe(200);
    const identification = (await (
      await fetch(new URL('/dev/agent-simulator', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', referer: url },
        body: JSON.stringify({ scenario: 'fresh' }),
      })
    ).json()) as { sealed_result: string };
    const login = await fetch(new URL('/api/login', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(url).origin },
      body: JSON.stringify({ user: 'ann', sealed_result: identification.sealed_result }),
    });
    expect(await login.json()).toMatchObject({
      welcome: 'ann',
      fingerprint: { via: 'sealed', replayCheck: 'claimed' },
    });

    // The sign-up case: the local fake Server API's ruleset blocks a bad bot, answered as the rule says.
    const { event_id } = (await (
      await fetch(new URL('/dev/server-api-event', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'bot' }),
      })
    ).json()) as { event_id: string };
    const signup = await fetch(new URL('/api/signup', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ann', event_id }),
    });
    expect([signup.status, signup.headers.get('retry-after'), await signup.json()]).toEqual([
      429,
      '3600',
      { message: 'Sign-ups from automated browsers are paused. Try again in an hour.' },
    ]);

    // The newsletter case: no agent, no credential; the fake's /v4/edge judges the request itself.
    const subscribe = (userAgent: string) =>
      fetch(new URL('/api/newsletter', url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent },
        body: 'email=ann%40example.com',
      });
    expect(await (await subscribe('Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0')).json()).toMatchObject({
      subscribed: 'ann@example.com',
      fingerprint: { via: 'edge', replayCheck: 'not-applicable', signals: { bot: false } },
    });
    const bot = await subscribe('ExampleBot/1.0');
    expect([bot.status, await bot.json()]).toMatchObject([403, { error: { code: 'EVENT_DENIED', rule: 'bot' } }]);

    expect(await interrupt(demo)).toEqual([0, null]);
    expect(output.stderr).not.toMatch(/ERR_PNPM|ELIFECYCLE|failed/i);
  }, 120_000);

  it('prints each guarded request’s span with FP_OTEL=console', async () => {
    const { process: demo, url, output } = await startDemo({ FP_OTEL: 'console' });
    const denied = await fetch(new URL('/api/login', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(denied.status).toBe(401);
    // The console exporter prints the span as the request ends; wait for it (or for the test's time-out).
    while (!output.stdout.includes("name: 'fingerprint-guard verify'")) await new Promise((r) => setTimeout(r, 50));
    expect(output.stdout).toMatch(/'fingerprint_guard\.outcome': 'CREDENTIAL_MISSING'/);
    expect(await interrupt(demo)).toEqual([0, null]);
  }, 120_000);
});
