import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The repository's one test import of another package's source (tooling/repo-check allows only
// this one). Core's tests seal and build events with @fingerprint-guard/testing, which depends on
// core: as a workspace dependency that would be a cycle (turbo refuses it), so the name points at
// testing's source, here and in tsconfig.json. That entry imports only core's types, so the tests
// never load a second copy of core.
export default mergeConfig(shared, {
  resolve: {
    alias: [
      {
        find: /^@fingerprint-guard\/testing$/,
        replacement: fileURLToPath(new URL('../testing/src/index.ts', import.meta.url)),
      },
    ],
  },
});
