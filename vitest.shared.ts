// Shared vitest settings: every package's vitest.config.ts is this plus its own include list.
// The JSON report feeds .ci/summarize-tests.mjs, which prints the run's closing tally; the runtime
// matrix (.ci/matrix.mjs) names its own (FP_TEST_REPORT) so that it keeps Node 20's.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: process.env.FP_TEST_REPORT || 'test-results.json' }]],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
