import { packageBuild } from '../../tsup.shared.js';

// `./vitest` is its own entry so that the main one never loads vitest.
export default packageBuild({ entry: ['src/index.ts', 'src/vitest.ts'] });
