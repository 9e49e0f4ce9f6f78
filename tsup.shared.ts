// Shared tsup settings: every package builds ESM + CJS + declarations from src/index.ts.
// keepNames: classes and functions keep their names through bundling (an error logs as
// `FingerprintGuardError`, not `_class`, whatever minifies or transforms the output later).
import { defineConfig, type Options } from 'tsup';

export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    keepNames: true,
    ...overrides,
  });
}
