/** Durations in options: milliseconds as a number, or a string with a unit ('500ms', '30s', '5m', '1h'). */
import { configError } from './errors.js';

export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h'}`;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

/** What a duration option must be, as option checks say it. */
export const DURATION_REQUIREMENT = "must be milliseconds (a number) or a duration such as '30s', '5m' or '500ms'";

/** Milliseconds for `value`, or `undefined` when it is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** Milliseconds for `value`; `CONFIG_INVALID` naming `option` for anything else. */
export function toMilliseconds(value: Duration, option: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw configError(`${option} ${DURATION_REQUIREMENT}.`);
  return ms;
}

/** `ms` as a duration string in the largest unit that keeps it exact: `'15m'`, `'130s'`, `'1500ms'`. */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms !== 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
