// The packages as users get them: packed (pnpm pack, which writes real versions where the
// workspace says `workspace:^`, as pnpm publish does), installed with npm into apps outside the
// workspace, one per framework, started, and driven over HTTP. Packs the built dist: build first.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));
const PACKED = ['core', 'express', 'koa', 'fastify', 'hono'] as const;

interface OutsideApp {
  name: string;
  /** The file that starts it; it prints its port. */
  main: string;
  /** From the registry, as a user installs them. */
  registry: string[];
  packages: Array<(typeof PACKED)[number]>;
  /** A TypeScript file type-checked in the app, strict, against the packed declarations. */
  typed?: string;
}

const APPS: OutsideApp[] = [
  { name: 'express', main: 'express.cjs', registry: ['express@^5'], packages: ['core', 'express'] },
  { name: 'koa', main: 'koa.mjs', registry: ['koa@^3'], packages: ['core', 'koa'] },
  {
    name: 'fastify',
    main: 'fastify.mjs',
    registry: ['fastify@^5'],
    packages: ['core', 'fastify'],
    typed: 'fastify-typed.ts',
  },
  {
    name: 'hono',
    main: 'hono.mjs',
    registry: ['hono@^4', '@hono/node-server@^2'],
    packages: ['core', 'hono'],
    typed: 'hono-typed.ts',
  },
];

const hasNpm = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasNpm)
  console.warn(
    '[pack-check] npm is not on PATH: the packed-tarball check is SKIPPED (it needs npm to install the tarballs as a user would).',
  );

/** npm without what pnpm's run puts in the environment for its own children (npm_config_*, npm_package_*). */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || keep.has(name)));
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${output.slice(-3000)}`)),
    );
  });
}

/** pnpm as the workspace runs it: the one running this test when there is one. */
function pnpm(args: string[], cwd: string): Promise<string> {
  const execPath = process.env.npm_execpath;
  return execPath?.includes('pnpm')
    ? run(process.execPath, [execPath, ...args], cwd)
    : run('npx', ['-y', 'pnpm@10.34.8', ...args], cwd);
}

/** Starts `node main` in `cwd`; resolves its URL once it printed its port. */
async function start(cwd: string, main: string, env: Record<string, string>): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [main], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const timer = setTimeout(() => child.kill(), 30_000);
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  clearTimeout(timer);
  if (first.done) throw new Error(`${main} exited before printing its port`);
  return { url: `http://127.0.0.1:${String(first.value).trim()}`, stop: () => child.kill() };
}

describe.skipIf(!hasNpm)('the packed tarballs, installed with npm in outside apps', () => {
  const key = generateKey();
  let work: string;

  beforeAll(async () => {
    for (const name of PACKED) {
      if (!existsSync(join(root, 'packages', name, 'dist/index.js')))
        throw new Error(`packages/${name}/dist is missing: run pnpm build first.`);
    }
    work = mkdtempSync(join(tmpdir(), 'fingerprint-guard-pack-'));
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    await Promise.all(
      PACKED.map((name) => pnpm(['pack', '--pack-destination', tarballs], join(root, 'packages', name))),
    );
    const tarball = (name: string) =>
      join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(`fingerprint-guard-${name}-`))!);
    await Promise.all(
      APPS.map(async (app) => {
        const dir = join(work, app.name);
        mkdirSync(dir);
        writeFileSync(
          join(dir, 'package.json'),
          JSON.stringify({ name: `outside-${app.name}`, private: true, type: 'module' }),
        );
        for (const file of [app.main, app.typed]) if (file) copyFileSync(join(appsDir, file), join(dir, file));
        const args = [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '--loglevel=error',
          ...app.packages.map(tarball),
          ...app.registry,
        ];
        await run('npm', args, dir, npmEnv());
      }),
    );
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(APPS)('$name: a fresh sealed result is 200 once, its replay 409, none 401', async ({ name, main }) => {
    const app = await start(join(work, name), main, { FP_SEALED_KEY: key });
    try {
      const login = (headers: Record<string, string> = {}) =>
        fetch(`${app.url}/login`, { method: 'POST', headers }).then(async (r) => [r.status, await r.json()]);
      const sealed = sealEvent(
        createEvent({
          identification: { visitor_id: `visitor-${name}`, visitor_found: true, confidence: { score: 1 } },
        }),
        key,
      );
      expect(await login({ 'fingerprint-sealed-result': sealed })).toEqual([200, { visitorId: `visitor-${name}` }]);
      expect(await login({ 'fingerprint-sealed-result': sealed })).toMatchObject([
        409,
        { error: { code: 'EVENT_REPLAYED' } },
      ]);
      expect(await login()).toMatchObject([401, { error: { code: 'CREDENTIAL_MISSING' } }]);
    } finally {
      app.stop();
    }
  });

  it.each(APPS)('$name: require() and import give the same API, core’s included', async ({ name }) => {
    const specifier = `@fingerprint-guard/${name}`;
    const print = 'console.log(JSON.stringify(Object.keys(m).sort()))';
    const cjs = await run(process.execPath, ['-e', `const m = require('${specifier}'); ${print}`], join(work, name));
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('${specifier}'); ${print}`],
      join(work, name),
    );
    expect(JSON.parse(esm)).toEqual(JSON.parse(cjs));
    expect(JSON.parse(cjs)).toEqual(
      expect.arrayContaining([
        'fingerprintGuard',
        'fingerprintWebhook',
        'createFingerprintGuard',
        'FingerprintGuardError',
      ]),
    );
  });

  it.each(APPS.filter((app) => app.typed))(
    '$name: a strict TypeScript app type-checks against the packed declarations',
    async ({ name, typed }) => {
      const tsc = join(root, 'node_modules/typescript/bin/tsc');
      const flags = [
        '--strict',
        '--noEmit',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--typeRoots',
        join(root, 'node_modules/@types'),
        '--types',
        'node',
      ];
      await expect(run(process.execPath, [tsc, ...flags, typed!], join(work, name))).resolves.toBeDefined();
    },
  );
});
