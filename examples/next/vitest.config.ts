import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The Upstash login's store runs on the local Upstash REST server, over a real Redis.
export default mergeConfig(shared, { test: { globalSetup: ['@fingerprint-guard/test-kit/ensure-redis'] } });
