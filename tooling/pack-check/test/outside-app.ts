// The outside app the packed tarballs are installed into: pnpm pack (which writes real versions
// where the workspace says `workspace:^`, as pnpm publish does), then npm install in a directory
// outside the workspace, with the frameworks and drivers from the registry, as a user installs them.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));

/** Every published package. */
export const PUBLISHED = [
  'core',
  'express',
  'koa',
  'fastify',
  'hono',
  'nestjs',
  'next',
  'redis',
  'postgres',
  'upstash',
  'cloudflare',
  'testing',
  'cli',
] as const;

/** What the app takes from the registry: the frameworks, the drivers and the OpenTelemetry SDK. */
const REGISTRY = [
  'express@^5',
  'koa@^3',
  'fastify@^5',
  'hono@^4',
  '@hono/node-server@^2',
  '@nestjs/common@^11',
  '@nestjs/core@^11',
  '@nestjs/platform-express@^11',
  'reflect-metadata@^0.2',
  'rxjs@^7',
  'redis@^5',
  'pg@^8',
  '@upstash/redis@^1',
  '@opentelemetry/api@^1.9',
  '@opentelemetry/sdk-trace-base@^2',
  '@opentelemetry/sdk-metrics@^2',
];

const APP_FILES = ['drive.mjs', 'scenarios.mjs', 'fastify-typed.ts', 'hono-typed.ts', 'workers.mjs'];

/** npm without what pnpm's run puts in the environment for its own children (npm_config_*, npm_package_*). */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || keep.has(name)));
}

/** Runs a command; resolves its standard output, or rejects with both outputs. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${(stdout + stderr).slice(-3000)}`),
          ),
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

/** Packs every published package into `work/tarballs` and installs them all with npm into `work/app`. */
export async function installOutsideApp(work: string): Promise<string> {
  for (const name of PUBLISHED) {
    if (!existsSync(join(root, 'packages', name, 'dist')))
      throw new Error(`packages/${name}/dist is missing: run pnpm build first.`);
  }
  const tarballs = join(work, 'tarballs');
  const app = join(work, 'app');
  mkdirSync(tarballs);
  mkdirSync(app);
  await Promise.all(
    PUBLISHED.map((name) => pnpm(['pack', '--pack-destination', tarballs], join(root, 'packages', name))),
  );
  const tarball = (name: string) =>
    join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(`fingerprint-guard-${name}-`))!);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'outside-app', private: true, type: 'module' }));
  for (const file of APP_FILES) copyFileSync(join(appsDir, file), join(app, file));
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  await run('npm', [...args, ...PUBLISHED.map(tarball), ...REGISTRY], app, npmEnv());
  return app;
}
