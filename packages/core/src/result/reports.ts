/** How a provider's value reads as a report: a boolean or a finite number, anything else not reported. */

/** A boolean, or `undefined` for anything else: `1`, `"true"` and `null` are not reports. */
export const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** Two reports of one signal: true if either is, false if one reports false and none true, `undefined` when neither reports. */
export function anyOf(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  return a === false || b === false ? false : undefined;
}

/** A finite number, or `undefined`. */
export const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
