/** How a provider's value reads as a report: a boolean or a finite number, anything else not reported. */

/** A boolean, or `undefined` for anything else: `1`, `"true"` and `null` are not reports. */
export const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** True if any report is true, false if all reports are false, `undefined` when none reports. */
export function anyOf(...values: Array<boolean | undefined>): boolean | undefined {
  if (values.includes(true)) return true;
  return values.includes(false) ? false : undefined;
}

/** A finite number, or `undefined`. */
export const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
