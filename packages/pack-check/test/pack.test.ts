// The packages as users get them: packed (pnpm pack, which writes real versions where the
// workspace says `workspace:^`, as pnpm publish does), installed with npm into apps outside the
// workspace, one per framework, started, and driven over HTTP. Packs the built dist: build first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { hasNpm, installOutsideApp, packAll, root, run, start } from './outside.js';

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

describe.skipIf(!hasNpm)('the packed tarballs, installed with npm in outside apps', () => {
  const key = generateKey();
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fingerprint-guard-pack-'));
    const tarball = await packAll(PACKED, join(work, 'tarballs'));
    await Promise.all(
      APPS.map((app) =>
        installOutsideApp(
          join(work, app.name),
          [app.main, ...(app.typed ? [app.typed] : [])],
          [...app.packages.map(tarball), ...app.registry],
        ),
      ),
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
