import { packageBuild } from '../../tsup.shared.js';

// `./vitest` and `./telemetry` are their own entries, so that the main one never loads vitest or OpenTelemetry.
export default packageBuild({ entry: ['src/index.ts', 'src/vitest.ts', 'src/telemetry.ts'] });
