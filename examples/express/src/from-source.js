// `pnpm demo` runs the workspace packages from their TypeScript sources, so the demo needs no
// build and installs no build tools: tsx compiles each file as Node loads it, and source-hooks.js
// points `@fingerprint-guard/*` at `packages/*/src`. Loaded with `node --import`.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
// Registered last, so it runs first: it hands tsx a path into packages/*/src.
register('./source-hooks.js', import.meta.url);
