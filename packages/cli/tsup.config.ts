import { packageBuild } from '../../tsup.shared.js';

// A command, not a library: one ESM file with its shebang, no declarations.
export default packageBuild({ entry: ['src/cli.ts'], format: ['esm'], dts: false });
