// What the packed-tarball tests share: packing with pnpm, installing into an outside app with npm,
// and starting an app that prints its port.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));

export const hasNpm = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasNpm)
  console.warn(
    '[pack-check] npm is not on PATH: the packed-tarball check is SKIPPED (it needs npm to install the tarballs as a user would).',
  );

/** npm without what pnpm's run puts in the environment for its own children (npm_config_*, npm_package_*). */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || keep.has(name)));
}

export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
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

/** Packs `packages/<name>` for each name into `destination`; resolves the tarball path of a name. */
export async function packAll(names: readonly string[], destination: string): Promise<(name: string) => string> {
  for (const name of names) {
    if (!existsSync(join(root, 'packages', name, 'dist/index.js')))
      throw new Error(`packages/${name}/dist is missing: run pnpm build first.`);
  }
  mkdirSync(destination);
  await Promise.all(
    names.map((name) => pnpm(['pack', '--pack-destination', destination], join(root, 'packages', name))),
  );
  return (name) =>
    join(destination, readdirSync(destination).find((file) => file.startsWith(`fingerprint-guard-${name}-`))!);
}

/** A new app in `dir` with `files` from apps/, the given tarballs and registry packages installed by npm. */
export async function installOutsideApp(dir: string, files: string[], installs: string[]): Promise<void> {
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `outside-${basename(dir)}`, private: true, type: 'module' }),
  );
  for (const file of files) copyFileSync(join(appsDir, file), join(dir, file));
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...installs];
  await run('npm', args, dir, npmEnv());
}

/** Starts `node main` in `cwd`; resolves its URL once it printed its port. */
export async function start(
  cwd: string,
  main: string,
  env: Record<string, string>,
): Promise<{ url: string; stop(): void }> {
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
