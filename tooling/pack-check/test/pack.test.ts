// The packages as users get them: every published package packed, installed with npm into one
// app outside the workspace, and run through both of its builds (ESM and CommonJS): a guarded
// route, a webhook and OpenTelemetry with the real SDK. Packs the built dist: build first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { installOutsideApp, PUBLISHED, root, run } from './outside-app.js';

const hasNpm = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasNpm)
  console.warn(
    '[pack-check] npm is not on PATH: the packed-tarball check is SKIPPED (it needs npm to install the tarballs as a user would).',
  );

/** The packages with a guard (the stores run core's guard on their store); apps/scenarios.mjs wires each. */
const GUARDED = [
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
] as const;
const LIBRARIES = PUBLISHED.filter((name) => name !== 'cli');

interface Manifest {
  name: string;
  private?: boolean;
  publishConfig?: unknown;
}

describe('what is published', () => {
  it('is every package in packages/ (tooling/ holds the private ones), each public and with npm provenance', () => {
    const manifests = readdirSync(join(root, 'packages')).map(
      (dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest,
    );
    expect(manifests.filter((manifest) => manifest.private).map((manifest) => manifest.name)).toEqual([]);
    expect(manifests.map((manifest) => manifest.name).sort()).toEqual(
      PUBLISHED.map((name) => `@fingerprint-guard/${name}`).sort(),
    );
    for (const manifest of manifests)
      expect([manifest.name, manifest.publishConfig]).toEqual([manifest.name, { access: 'public', provenance: true }]);
  });
});

describe.skipIf(!hasNpm)('the packed tarballs, installed with npm in an outside app', () => {
  let work: string;
  let app: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fingerprint-guard-pack-'));
    app = await installOutsideApp(work);
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe.each(['esm', 'cjs'] as const)('through the %s build', (format) => {
    it.each(GUARDED)('%s: guard, webhook, spans and metrics', async (name) => {
      const output = await run(process.execPath, ['drive.mjs', name, format], app);
      const result = JSON.parse(output.trim().split('\n').at(-1)!);
      expect(result).toEqual({
        login: [200, 409, 401],
        webhook: [204, 200],
        // Before the ESM build found @opentelemetry/api, these were empty from `import`.
        spans: ['allowed', 'EVENT_REPLAYED', 'CREDENTIAL_MISSING'],
        decisions: { allowed: 1, EVENT_REPLAYED: 1, CREDENTIAL_MISSING: 1 },
        durationCount: expect.any(Number),
        // Before keepNames, the CommonJS build named it `_class`.
        errorClass: 'FingerprintGuardError',
        logged: [],
      });
      // authenticate and total for each of the three requests, and replay for the two that reached the store.
      expect(result.durationCount).toBeGreaterThanOrEqual(8);
    });
  });

  it.each(LIBRARIES)('%s: require() and import give the same API', async (name) => {
    const specifier = `@fingerprint-guard/${name}`;
    const print = 'console.log(JSON.stringify(Object.keys(m).sort()))';
    const cjs = await run(process.execPath, ['-e', `const m = require('${specifier}'); ${print}`], app);
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('${specifier}'); ${print}`],
      app,
    );
    expect(JSON.parse(esm)).toEqual(JSON.parse(cjs));
    expect(JSON.parse(cjs).length).toBeGreaterThan(0);
  });

  it('cloudflare: a Worker bundled from the installed packages refuses a replay in workerd', async () => {
    const bundled = await build({
      entryPoints: [join(app, 'workers.mjs')],
      absWorkingDir: app,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker'],
      logLevel: 'silent',
    });
    const key = generateKey();
    const mf = new Miniflare({
      modules: true,
      script: bundled.outputFiles[0]!.text,
      compatibilityDate: '2025-04-01',
      bindings: { FP_SEALED_KEY: key },
      durableObjects: { REPLAY_STORE: { className: 'ReplayStoreObject', useSQLite: true } },
    });
    try {
      const sealed = sealEvent(createEvent(), key);
      const login = async () =>
        (
          await mf.dispatchFetch('http://worker/login', {
            method: 'POST',
            headers: { 'fingerprint-sealed-result': sealed },
          })
        ).status;
      expect([await login(), await login()]).toEqual([200, 409]);
    } finally {
      await mf.dispose();
    }
  });

  it('cli: keygen, seal and unseal from the installed command', async () => {
    const command = join(app, 'node_modules/.bin/fingerprint-guard');
    const key = (await run(command, ['keygen'], app)).trim();
    const sealed = (await run(command, ['seal', '--fresh', '--key', key], app)).trim();
    const event = JSON.parse(await run(command, ['unseal', '--key', key, sealed], app));
    expect(event).toMatchObject({ event_id: expect.any(String), timestamp: expect.any(Number) });
  });

  it.each(['fastify-typed.ts', 'hono-typed.ts'])(
    '%s: a strict TypeScript app type-checks against the packed declarations',
    async (typed) => {
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
      await expect(run(process.execPath, [tsc, ...flags, typed], app)).resolves.toBeDefined();
    },
  );
});
