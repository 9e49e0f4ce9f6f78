import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// npm installs take most of the time; the whole file stays within about two minutes. The Redis and
// Upstash scenarios run their commands on a real Redis.
export default mergeConfig(shared, {
  test: { testTimeout: 180_000, hookTimeout: 240_000, globalSetup: ['@fingerprint-guard/test-kit/ensure-redis'] },
});
