import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

/**
 * Two builds of the same sources. Core's one runtime seam is the `#platform` import (package.json
 * `imports`): the Node build resolves it to `src/platform/node.ts`, the Web-standard build, with
 * the `web` condition, to `src/platform/web.ts`; the package's export conditions then pick the build.
 *
 * No source maps: the output is our TypeScript without its types, readable as it is, and maps of
 * the bundled pako and @noble/hashes would triple the package for nobody's benefit.
 */
const web: Options = {
  entry: { 'web/index': 'src/index.ts', 'web/adapter': 'src/adapter/index.ts' },
  format: ['esm'],
  dts: false,
  clean: false,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  keepNames: true,
  esbuildOptions(options) {
    options.conditions = ['web'];
  },
  // pako and @noble/hashes are bundled: a Web build must not depend on how the host resolves packages.
  noExternal: ['pako', '@noble/hashes', 'secure-json-parse'],
};

export default defineConfig([
  // Splitting for CJS too: the adapter kit and the index share one copy of the engine.
  // Shims give the CommonJS build an `import.meta.url` (#platform loads the optional OpenTelemetry API with it).
  {
    ...(packageBuild({
      clean: false,
      splitting: true,
      sourcemap: false,
      shims: true,
      entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
    }) as Options),
  },
  web,
]);
