// Bundles run-cases.ts against core's Web-standard build (dist/web), as a host would load it.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const fixture = fileURLToPath(new URL('./run-cases.ts', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/web/index.js', import.meta.url));
const sources = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/**
 * `fromSources` bundles src/ (with the `web` condition, so `#platform` is the Web platform) instead
 * of dist/web, so that `plugins` can swap modules (the benchmark's inflate variants).
 */
export async function bundleRunner(
  format: 'iife' | 'esm',
  footer = '',
  plugins: Plugin[] = [],
  fromSources = false,
): Promise<string> {
  const result = await build({
    entryPoints: [fixture],
    bundle: true,
    write: false,
    format,
    globalName: format === 'iife' ? 'fixture' : undefined,
    platform: 'neutral',
    alias: { '@fingerprint-guard/core': fromSources ? sources : dist },
    footer: { js: footer },
    conditions: ['web'],
    plugins,
  });
  return result.outputFiles[0]!.text;
}

/** A worker module that runs `runCases` on a POSTed `{ cases, guardCase }`, or times `{ timing }` unseals. */
export const WORKER_FOOTER = `export default { async fetch(request) {
  const body = await request.json();
  if (body.timing) return Response.json(await timeUnseals(body.timing));
  return Response.json(await runCases(body.cases, body.guardCase));
} };`;
