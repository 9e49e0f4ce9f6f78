// Bundles the test Worker as wrangler would: this package's built ESM, core's Web build and
// Hono's, picked by the `workerd` and `worker` export conditions.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const testWorker = fileURLToPath(new URL('./app.ts', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** `entry`: a Worker module; default the test Worker. */
export async function bundleWorker(entry = testWorker): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker'],
    alias: { '@fingerprint-guard/cloudflare': dist },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** What the bundle must not hold for workerd without nodejs_compat: Node built-ins. */
export const NODE_IMPORT = /\b(?:require\(|from\s*)["'](?:node:|zlib|crypto|buffer|stream)["']/;
