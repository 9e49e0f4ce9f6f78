/**
 * The Node build's one CommonJS bundle: both public entry points as namespaces of one module, so
 * they share one engine, and esbuild writes it directly (tsup's CommonJS code splitting passes its
 * output through Sucrase, which lowers `?.`, `??` and class fields into per-call helpers and renames
 * classes `_class`). dist/index.cjs and dist/adapter.cjs are each one namespace of it.
 */
export * as index from './index.js';
export * as adapter from './adapter/index.js';
