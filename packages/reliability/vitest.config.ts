import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// One file, in order: the secret scan at the end covers everything that ran before it.
export default mergeConfig(shared, { test: { sequence: { concurrent: false } } });
