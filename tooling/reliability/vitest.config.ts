import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// One file, in order: the secret scan at the end covers everything that ran before it.
// The soak's Redis run needs a Redis: test-kit's setup starts one when none answers.
export default mergeConfig(shared, {
  test: { sequence: { concurrent: false }, globalSetup: ['@fingerprint-guard/test-kit/ensure-redis'] },
});
