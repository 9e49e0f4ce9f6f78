/** TEMPORARY until core/adapter exports storeWindowMs (issue 23): the store's `window` option in ms. */
import type { Duration } from '@fingerprint-guard/core';
import { toMilliseconds } from '@fingerprint-guard/core/adapter';
import { invalidOption } from './invalid-option.js';

export function storeWindowMs(window: Duration | undefined, option = 'window'): number {
  const ms = toMilliseconds(window ?? '15m', option);
  if (!Number.isSafeInteger(ms) || ms < 1000)
    throw invalidOption(`${option} must be a whole number of milliseconds, at least 1 second.`);
  return ms;
}
