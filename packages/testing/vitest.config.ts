import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The Upstash REST server's tests run its commands on a real Redis.
export default mergeConfig(shared, { test: { globalSetup: ['@fingerprint-guard/test-kit/ensure-redis'] } });
