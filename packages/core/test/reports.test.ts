import { describe, expect, it } from 'vitest';
import { anyOf } from '../src/result/reports.js';

describe('anyOf: two reports of one signal', () => {
  it.each([
    [undefined, undefined, undefined],
    [false, undefined, false],
    [undefined, false, false],
    [false, false, false],
    [true, undefined, true],
    [undefined, true, true],
    [true, false, true],
    [false, true, true],
  ] as const)('(%s, %s) is %s', (a, b, expected) => {
    expect(anyOf(a, b)).toBe(expected);
  });
});
