import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

/**
 * The Web-standard build is the same sources with `platform/node.ts` swapped for `platform/web.ts`
 * at bundle time, so the runtime is chosen by the package's export conditions, not at run time.
 */
const webPlatform: Plugin = {
  name: 'web-platform',
  setup(build) {
    const replacement = fileURLToPath(new URL('./src/platform/web.ts', import.meta.url));
    build.onResolve({ filter: /\/platform\/node\.js$/ }, () => ({ path: replacement }));
  },
};

const web: Options = {
  entry: { 'web/index': 'src/index.ts', 'web/adapter': 'src/adapter/index.ts' },
  format: ['esm'],
  dts: false,
  clean: false,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // pako and @noble/hashes are bundled: a Web build must not depend on how the host resolves packages.
  noExternal: ['pako', '@noble/hashes', 'secure-json-parse'],
  esbuildPlugins: [webPlatform],
};

export default defineConfig([
  // Splitting for CJS too: the adapter kit and the index share one copy of the engine.
  { ...(packageBuild({ clean: false, splitting: true, entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' } }) as Options) },
  web,
]);
