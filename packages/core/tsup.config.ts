import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

/**
 * Core's one runtime seam is the `#platform` import (package.json `imports`): Node's build resolves
 * it to `src/platform/node.ts`, the Web-standard build, with the `web` condition, to
 * `src/platform/web.ts`; the package's export conditions then pick the build.
 *
 * On Node, one build: one CommonJS bundle, whose namespaces dist/index.cjs and dist/adapter.cjs
 * are, and dist/index.js and dist/adapter.js (scripts/esm-entries.mjs) re-export them for `import`, so that one copy of core runs in a process whichever way it is loaded,
 * and the package carries our code once for Node. Declarations: one copy (scripts/esm-entries.mjs).
 *
 * No source maps: the output is our TypeScript without its types, readable as it is. Only the
 * third-party code of the Web build is minified (dist/web/vendor.js).
 */
const VENDOR = /^(pako|@noble\/hashes\/(hmac|sha2)|secure-json-parse)$/;

const web: Options = {
  entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
  outDir: 'dist/web',
  format: ['esm'],
  dts: false,
  clean: false,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  keepNames: false,
  esbuildOptions(options) {
    options.conditions = ['web'];
  },
  // Its third-party code comes from ./vendor.js, not from the host: a Web build must not depend on
  // how the host resolves packages.
  noExternal: [VENDOR],
  esbuildPlugins: [
    {
      name: 'vendor-file',
      setup(build) {
        build.onResolve({ filter: VENDOR }, () => ({ path: './vendor.js', external: true }));
      },
    },
  ],
};

const vendor: Options = {
  entry: { vendor: 'src/platform/web-vendor.ts' },
  outDir: 'dist/web',
  format: ['esm'],
  dts: false,
  clean: false,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  minify: true,
  noExternal: [VENDOR],
};

export default defineConfig([
  // One CommonJS bundle (src/node-bundle.ts) holding both entry points, so the index and the adapter
  // kit share one copy of the engine; scripts/esm-entries.mjs writes index.cjs and adapter.cjs over it.
  // Shims give the CommonJS build an `import.meta.url` (#platform loads the optional OpenTelemetry API with it).
  {
    ...(packageBuild({
      format: ['cjs'],
      clean: false,
      sourcemap: false,
      shims: true,
      entry: { bundle: 'src/node-bundle.ts' },
      // No keepNames: it names every closure at each creation (a defineProperty per closure per
      // request). esbuild keeps class names as written; FingerprintGuardError names itself for minifiers.
      keepNames: false,
      dts: { entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' } },
    }) as Options),
  },
  web,
  vendor,
]);
