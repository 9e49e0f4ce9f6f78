// The Next README's route snippets, as they are written there, built by `next build` with no FP_*
// or CSIDE_* variable set, then served by `next start`: without a key, or with a malformed one,
// a guarded route answers the documented 500 CONFIG_INVALID JSON; with one, it lets a request in.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, sealEvent } from '@fingerprint-guard/testing';

const HERE = fileURLToPath(new URL('..', import.meta.url));
const README = join(HERE, '../../packages/next/README.md');
const APP = join(HERE, 'test-artifacts/readme-app');
const NEXT = join(HERE, 'node_modules/next/dist/bin/next');
const KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';
// Its receiver still reads the secret when the module loads: it is built here once fingerprintWebhook
// takes a function of options (issue 23), and written lazily in the README.

/** The README's ```ts blocks that are files of an app: their first line names the file. */
function fileSnippets(): Array<{ path: string; code: string }> {
  return [...readFileSync(README, 'utf8').matchAll(/```ts\n\/\/ ((?:app|lib)\/[^\s:]+\.tsx?)[^\n]*\n[\s\S]*?```/g)].map(
    (match) => ({ path: match[1]!, code: match[0].slice('```ts\n'.length, -'```'.length) }),
  );
}

/** The environment of a build or a server: this test's, without any of the guard's variables. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(FP_|CSIDE_|VERCEL|FLY_)/.test(name)),
  );
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [NEXT, ...args], { cwd: APP, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let server: ChildProcess | undefined;
afterEach(() => {
  server?.kill();
  server = undefined;
});

/** `next start` of the built app with `env`; resolves its base URL once it answers. */
async function start(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  server = run(['start', '-p', String(port), '-H', '127.0.0.1'], cleanEnv(env));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (server.exitCode !== null) throw new Error('next start exited');
    if (
      await fetch(base).then(
        () => true,
        () => false,
      )
    )
      return base;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const login = (base: string, path = '/api/login') =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'ann', sealed_result: sealEvent(createEvent(), KEY) }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

/** The event's IP: what createEvent reports. */
const EVENT_IP = '203.0.113.42';

/** The README's transfer route (bind: ip and origin), with a fresh result made at EVENT_IP on the shop's page. */
const transfer = (base: string, headers: Record<string, string>) =>
  fetch(`${base}/api/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ sealed_result: sealEvent(createEvent({ ip_address: EVENT_IP }), KEY) }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

beforeAll(async () => {
  const snippets = fileSnippets();
  expect(snippets.map(({ path }) => path)).toEqual(
    expect.arrayContaining([
      'lib/guard.ts',
      'app/actions.ts',
      'app/api/transfer/route.ts',
      'app/api/webhooks/fingerprint/route.ts',
    ]),
  );
  rmSync(APP, { recursive: true, force: true });
  for (const { path, code } of snippets) {
    mkdirSync(dirname(join(APP, path)), { recursive: true });
    writeFileSync(join(APP, path), code);
  }
  // An app around them, as a reader's would be: a page with a form that posts to the README's
  // server action. The page is prerendered at build, so the modules it imports are loaded then.
  writeFileSync(
    join(APP, 'app/layout.tsx'),
    'export default function Layout({ children }: { children: React.ReactNode }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n',
  );
  mkdirSync(join(APP, 'app/checkout'), { recursive: true });
  writeFileSync(
    join(APP, 'app/checkout/page.tsx'),
    'import { checkout } from \'../actions\';\n\nexport default function Page() {\n  return <form action={checkout}><input name="sealed_result" /><button>Pay</button></form>;\n}\n',
  );
  cpSync(join(HERE, 'next.config.mjs'), join(APP, 'next.config.mjs'));
  const tsconfig = JSON.parse(readFileSync(join(HERE, 'tsconfig.json'), 'utf8'));
  // What a create-next-app project has, and the README's imports use: `@/…` from the project's root.
  tsconfig.compilerOptions.paths = { '@/*': ['./*'] };
  tsconfig.exclude = ['node_modules'];
  writeFileSync(join(APP, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ private: true, type: 'module' }));

  const build = run(['build'], cleanEnv());
  let output = '';
  build.stdout!.on('data', (chunk) => (output += chunk));
  build.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => build.once('exit', resolve));
  expect(output, 'next build of the README snippets').toMatch(/Compiled successfully|Generating static pages/);
  expect(code, output).toBe(0);
}, 600_000);

describe('the Next README’s snippets, built with no secrets set', () => {
  it('answer 500 CONFIG_INVALID as JSON without FP_SEALED_KEYS, on every guarded route', async () => {
    const base = await start({});
    for (const path of ['/api/login', '/api/orders/o-1', '/api/transfer']) {
      expect(await login(base, path), path).toEqual({
        status: 500,
        body: { error: { code: 'CONFIG_INVALID', message: expect.stringContaining('threw (TypeError)') } },
      });
    }
  }, 60_000);

  it('answer a webhook delivery 500 CONFIG_INVALID without FP_WEBHOOK_SECRET, and check its signature once it is set', async () => {
    const delivery = { method: 'POST', headers: { 'fpjs-event-signature': 'v1=00' }, body: '{}' };
    const unset = await fetch(`${await start({})}/api/webhooks/fingerprint`, delivery);
    expect([unset.status, await unset.json()]).toEqual([
      500,
      { error: { code: 'CONFIG_INVALID', message: expect.stringContaining('secret') } },
    ]);
    server?.kill();
    const set = await fetch(`${await start({ FP_WEBHOOK_SECRET: 'whsec_readme' })}/api/webhooks/fingerprint`, delivery);
    expect([set.status, (await set.json()).error.code]).toEqual([401, 'WEBHOOK_SIGNATURE_INVALID']);
  }, 60_000);

  it('answer 500 CONFIG_INVALID with a malformed key', async () => {
    const base = await start({ FP_SEALED_KEYS: 'not a key' });
    expect(await login(base)).toEqual({
      status: 500,
      body: { error: { code: 'CONFIG_INVALID', message: expect.stringContaining('not base64') } },
    });
  }, 60_000);

  it('take the transfer route’s client IP from no header a client sends to next start', async () => {
    // Next passes a client's X-Real-IP and X-Forwarded-For on to the route: the event's IP, sent
    // in either by whoever replays the result, must not make it this client's.
    const base = await start({ FP_SEALED_KEYS: KEY });
    for (const header of ['x-real-ip', 'x-forwarded-for']) {
      expect(await transfer(base, { [header]: EVENT_IP }), header).toMatchObject({
        status: 403,
        body: { error: { code: 'EVENT_DENIED', rule: 'ip' } },
      });
    }
  }, 60_000);

  it('take it from x-real-ip on Vercel (VERCEL=1), whose proxy overwrites that header', async () => {
    const base = await start({ FP_SEALED_KEYS: KEY, VERCEL: '1' });
    expect(await transfer(base, { 'x-real-ip': EVENT_IP })).toMatchObject({ status: 200 });
    expect(await transfer(base, { 'x-real-ip': '198.51.100.7' })).toMatchObject({ status: 403 });
  }, 60_000);

  it('let a fresh identification in once FP_SEALED_KEYS is set, and read the body and params', async () => {
    const base = await start({ FP_SEALED_KEYS: KEY });
    expect(await login(base)).toMatchObject({ status: 200, body: { user: 'ann' } });
    expect(await login(base, '/api/orders/o-42')).toMatchObject({ status: 200, body: { order: 'o-42' } });
    expect((await fetch(`${base}/checkout`)).status).toBe(200);
  }, 60_000);
});
