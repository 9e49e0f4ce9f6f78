/** The value checks option schemas are written with: each says what a value must be, or nothing when it is right. */
import { DURATION_REQUIREMENT, parseDuration } from '../duration.js';
import type { ValueCheck } from './schema.js';

/** A function (a callback option). */
export const isFunction: ValueCheck = (value) => (typeof value === 'function' ? undefined : 'must be a function');

/** `true` or `false`. */
export const isBoolean: ValueCheck = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');

/** Any string. */
export const isString: ValueCheck = (value) => (typeof value === 'string' ? undefined : 'must be a string');

/** A number from 0 to 1 (a score, a confidence). */
export const isFraction: ValueCheck = (value) =>
  typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'must be a number from 0 to 1';

/** Milliseconds as a number, or a duration string: `'500ms'`, `'30s'`, `'5m'`, `'1h'`. */
export const isDuration: ValueCheck = (value) =>
  parseDuration(value) === undefined ? DURATION_REQUIREMENT : undefined;

/**
 * A whole number from `min` (to `max`, when given) of `unit`.
 *
 * @example
 * const isMaxEntries = wholeNumber(1); // "must be a whole number, at least 1"
 */
export function wholeNumber(min: number, max?: number, unit?: string): ValueCheck {
  const what = `must be a whole number${unit ? ` of ${unit}` : ''}`;
  const range = max === undefined ? `at least ${min}` : `from ${min} to ${max.toLocaleString('en-US')}`;
  return (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (max === undefined || (value as number) <= max)
      ? undefined
      : `${what}, ${range}`;
}

/**
 * One of `values`.
 *
 * @example
 * const isRegion = oneOf('global', 'eu', 'ap'); // "must be 'global', 'eu' or 'ap'"
 */
export function oneOf(...values: readonly string[]): ValueCheck {
  const quoted = values.map((value) => `'${value}'`);
  const listed = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted.join('');
  return (value) => (values.includes(value as string) ? undefined : `must be ${listed}`);
}

/** A logger: `warn(message, fields)` and `error(message, fields)`, as `console` has them. */
export const isLogger: ValueCheck = (value) =>
  typeof (value as { warn?: unknown } | null)?.warn === 'function' &&
  typeof (value as { error?: unknown }).error === 'function'
    ? undefined
    : 'must have warn() and error() methods';
