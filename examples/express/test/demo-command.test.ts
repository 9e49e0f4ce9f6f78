// `pnpm demo`, the README's first command, as a user runs it: it serves the page, logs in, and
// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops it with exit code 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let demo: ChildProcess;
let url: string;
let stderr = '';

/** The pnpm running this test (pnpm sets npm_execpath for the scripts it runs). */
function pnpmCli(): string {
  const cli = process.env.npm_execpath;
  if (!cli || !/pnpm/.test(cli)) throw new Error('Run this test through pnpm (pnpm test): it starts `pnpm demo`.');
  return cli;
}

beforeAll(async () => {
  // Nothing from the test's environment that would change the demo (keys, Redis, production mode).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(FP_|CSIDE_|REDIS_URL$|NODE_ENV$|PUBLIC_ORIGINS$)/.test(name)),
  );
  demo = spawn(process.execPath, [pnpmCli(), 'demo'], {
    cwd: ROOT,
    detached: true, // its own process group, which a terminal's Ctrl-C signals as a whole
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  url = await new Promise((resolve, reject) => {
    let stdout = '';
    demo.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const printed = /fingerprint-guard demo: (http:\/\/\S+\/)/.exec(stdout);
      if (printed) resolve(printed[1]!);
    });
    demo.once('exit', (code) => reject(new Error(`pnpm demo exited (${code}) before serving:\n${stdout}\n${stderr}`)));
  });
}, 120_000);

afterAll(() => {
  if (demo?.exitCode === null && demo.signalCode === null) process.kill(-demo.pid!, 'SIGKILL');
});

describe('pnpm demo', () => {
  it('serves the page and logs in with the simulator’s identification', async () => {
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
  });

  it('stops on Ctrl-C with exit code 0, and pnpm reports no failure', async () => {
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      demo.once('exit', (code, signal) => resolve([code, signal])),
    );
    process.kill(-demo.pid!, 'SIGINT');
    expect(await exited).toEqual([0, null]);
    expect(stderr).not.toMatch(/ERR_PNPM|ELIFECYCLE|failed/i);
  }, 30_000);
});
