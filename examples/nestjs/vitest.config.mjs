import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tests run the app as tsc compiled it (dist/, built by the test script), with its decorator metadata.
export default mergeConfig(shared, { test: { include: ['test/**/*.test.ts'] } });
