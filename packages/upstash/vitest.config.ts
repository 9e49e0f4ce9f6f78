import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The REST server under the real client runs its commands on a real Redis.
export default mergeConfig(shared, { test: { globalSetup: ['@fingerprint-guard/test-kit/ensure-redis'] } });
