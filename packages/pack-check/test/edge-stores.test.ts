// The edge replay stores as users get them: packed, installed with npm next to @upstash/redis and
// Hono from the registry, then run on Node (Upstash, two app processes sharing one database) and
// bundled for workerd (the Durable Object store, in miniflare). Packs the built dist: build first.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  createUpstashRestServer,
  generateKey,
  sealEvent,
  type UpstashRestServer,
} from '@fingerprint-guard/testing';
import { hasNpm, installOutsideApp, packAll, run, start } from './outside.js';

describe.skipIf(!hasNpm)('the packed edge stores, installed with npm in an outside app', () => {
  const key = generateKey();
  let work: string;
  let app: string;
  let upstash: UpstashRestServer;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fingerprint-guard-pack-edge-'));
    const tarball = await packAll(['core', 'hono', 'upstash', 'cloudflare'], join(work, 'tarballs'));
    app = join(work, 'edge');
    await installOutsideApp(
      app,
      ['hono-upstash.mjs', 'workers.mjs'],
      [
        ...['core', 'hono', 'upstash', 'cloudflare'].map(tarball),
        'hono@^4',
        '@hono/node-server@^2',
        '@upstash/redis@^1',
      ],
    );
    upstash = await createUpstashRestServer();
  });
  afterAll(async () => {
    await upstash?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const login = (url: string, sealed: string) =>
    fetch(`${url}/login`, { method: 'POST', headers: { 'fingerprint-sealed-result': sealed } }).then((r) => r.status);

  it('upstash: two Node processes on one database accept a sealed result once between them', async () => {
    const env = {
      FP_SEALED_KEY: key,
      KV_REST_API_URL: upstash.url,
      KV_REST_API_TOKEN: upstash.token,
      PREFIX: `fpg:test:${randomUUID()}:`,
    };
    const [first, second] = await Promise.all([
      start(app, 'hono-upstash.mjs', env),
      start(app, 'hono-upstash.mjs', env),
    ]);
    try {
      const sealed = sealEvent(createEvent(), key);
      expect(await login(first.url, sealed)).toBe(200);
      expect(await login(second.url, sealed)).toBe(409);
    } finally {
      first.stop();
      second.stop();
    }
  });

  it.each([
    ['@fingerprint-guard/upstash', ['createUpstashReplayStore', 'upstashConfigFromEnv']],
    ['@fingerprint-guard/cloudflare', ['ReplayStoreObject', 'createDurableObjectReplayStore']],
  ])('%s: require() and import give the same API', async (specifier, names) => {
    const print = 'console.log(JSON.stringify(Object.keys(m).sort()))';
    const cjs = await run(process.execPath, ['-e', `const m = require('${specifier}'); ${print}`], app);
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('${specifier}'); ${print}`],
      app,
    );
    expect(JSON.parse(esm)).toEqual(JSON.parse(cjs));
    expect(JSON.parse(cjs)).toEqual(expect.arrayContaining(names));
  });

  it('cloudflare: the Worker bundled from the installed packages refuses a replay in workerd', async () => {
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
    const mf = new Miniflare({
      modules: true,
      script: bundled.outputFiles[0]!.text,
      compatibilityDate: '2025-04-01',
      bindings: { FP_SEALED_KEY: key },
      durableObjects: { REPLAY_STORE: { className: 'ReplayStoreObject', useSQLite: true } },
    });
    try {
      const sealed = sealEvent(createEvent(), key);
      const post = () =>
        mf.dispatchFetch('http://worker/login', { method: 'POST', headers: { 'fingerprint-sealed-result': sealed } });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(409);
    } finally {
      await mf.dispose();
    }
  });
});
