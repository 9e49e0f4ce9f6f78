// Bundles app.ts as a Web host would load it: this package's dist and core's Web build, picked
// by the runtime's export conditions, and Hono's own Web-standard build.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./app.ts', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** `conditions`: `['workerd', 'worker']` for Cloudflare, `['edge-light', 'worker']` for Vercel's Edge. */
export async function bundleApp(format: 'esm' | 'iife', conditions: string[], footer = ''): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    globalName: format === 'iife' ? 'worker' : undefined,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    alias: { '@fingerprint-guard/hono': dist },
    footer: { js: footer },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** What the bundle must not hold for a Web runtime: Node built-ins. */
export const NODE_IMPORT = /\b(?:require\(|from\s*)["'](?:node:|zlib|crypto|buffer|stream)["']/;
