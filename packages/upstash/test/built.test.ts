// What users install: the built ESM and CommonJS files in Node, and the ESM bundled for Vercel's
// Edge (the `edge-light` condition, core's Web build) in Vercel's edge-runtime emulator, and for
// Cloudflare Workers (the `workerd` condition, with `@upstash/redis/cloudflare`) in workerd.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Redis } from '@upstash/redis';
import { EdgeRuntime } from 'edge-runtime';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashRestServer, type UpstashRestServer } from '@fingerprint-guard/testing';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const fixture = fileURLToPath(new URL('./runtime/edge-app.ts', import.meta.url));
const NODE_IMPORT = /\b(?:require\(|from\s*)["'](?:node:|crypto|buffer)["']/;

/** The fixture as a Web host bundles it: this package's built ESM, picked by `conditions`. */
async function bundle(format: 'iife' | 'esm', conditions: string[], alias: Record<string, string> = {}) {
  const bundled = await build({
    entryPoints: [fixture],
    bundle: true,
    write: false,
    format,
    globalName: format === 'iife' ? 'app' : undefined,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    alias: { '@fingerprint-guard/upstash': dist, ...alias },
    logLevel: 'silent',
  });
  const code = bundled.outputFiles[0]!.text;
  expect(code).not.toMatch(NODE_IMPORT);
  return code;
}
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
    const code = await bundle('iife', ['edge-light', 'worker']);
    const runtime = new EdgeRuntime({ initialCode: code });
    const env = { KV_REST_API_URL: upstash.url, KV_REST_API_TOKEN: upstash.token };
    const json = await runtime.evaluate<Promise<string>>(
      `app.claimTwice(${JSON.stringify(env)}, ${JSON.stringify(`fpg:test:${randomUUID()}:`)}, 'edge-key').then(JSON.stringify)`,
    );
    expect(JSON.parse(json)).toEqual([true, false, true, 'The Upstash replay store is closed.']);
  });

  it('runs in Cloudflare workerd (miniflare) with @upstash/redis/cloudflare, configured from the Worker’s env', async () => {
    const cloudflareClient = createRequire(import.meta.url)
      .resolve('@upstash/redis/cloudflare')
      .replace(/\.js$/, '.mjs');
    const code = await bundle('esm', ['workerd', 'worker'], { '@upstash/redis': cloudflareClient });
    const worker = `${code}\nexport default { async fetch(request, env) { const { prefix } = await request.json(); return Response.json(await claimTwice(env, prefix, 'worker-key')); } };`;
    const mf = new Miniflare({
      modules: true,
      script: worker,
      compatibilityDate: '2025-04-01',
      bindings: { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token },
    });
    try {
      const response = await mf.dispatchFetch('http://worker/', {
        method: 'POST',
        body: JSON.stringify({ prefix: `fpg:test:${randomUUID()}:` }),
      });
      expect(await response.json()).toEqual([true, false, true, 'The Upstash replay store is closed.']);
    } finally {
      await mf.dispose();
    }
  });
});
