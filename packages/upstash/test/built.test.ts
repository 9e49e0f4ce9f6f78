// What users install: the built ESM and CommonJS files in Node, and the ESM bundled for Vercel's
// Edge (the `edge-light` condition, core's Web build) running in Vercel's edge-runtime emulator.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Redis } from '@upstash/redis';
import { EdgeRuntime } from 'edge-runtime';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashRestServer, type UpstashRestServer } from '@fingerprint-guard/testing';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
let upstash: UpstashRestServer;
beforeAll(async () => {
  upstash = await createUpstashRestServer();
});
afterAll(() => upstash.close());

type Module = typeof import('../src/index.js');

describe('the built package', () => {
  it.each([
    ['ESM', () => import(dist) as Promise<Module>],
    ['CommonJS', async () => createRequire(import.meta.url)('../dist/index.cjs') as Module],
  ])('%s: claims once through @upstash/redis', async (_format, load) => {
    const { createUpstashReplayStore } = await load();
    const store = createUpstashReplayStore({
      client: new Redis({ url: upstash.url, token: upstash.token }),
      prefix: `fpg:test:${randomUUID()}:`,
    });
    expect(await store.claim('k', Date.now() + 60_000)).toBe(true);
    expect(await store.claim('k', Date.now() + 60_000)).toBe(false);
  });

  it('runs in Vercel’s edge-runtime emulator, configured from Vercel KV’s variables', async () => {
    const bundled = await build({
      entryPoints: [fileURLToPath(new URL('./runtime/edge-app.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'app',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['edge-light', 'worker'],
      alias: { '@fingerprint-guard/upstash': dist },
      logLevel: 'silent',
    });
    const code = bundled.outputFiles[0]!.text;
    expect(code).not.toMatch(/\b(?:require\(|from\s*)["'](?:node:|crypto|buffer)["']/);
    const runtime = new EdgeRuntime({ initialCode: code });
    const env = { KV_REST_API_URL: upstash.url, KV_REST_API_TOKEN: upstash.token };
    const json = await runtime.evaluate<Promise<string>>(
      `app.claimTwice(${JSON.stringify(env)}, ${JSON.stringify(`fpg:test:${randomUUID()}:`)}, 'edge-key').then(JSON.stringify)`,
    );
    expect(JSON.parse(json)).toEqual([true, false, true, 'The Upstash replay store is closed.']);
  });
});
