// What the bench scripts share for writing results: number formatting, spreads, and a marked section
// of a RESULTS.md replaced in place (or added at its end).
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "median (min–max)" */
export const fmtSpread = (s: Spread, digits = 0) =>
  `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

/** The machine line every results section starts with. */
export function machineLine(loadBefore: number[], loadAfter: number[]): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), load ${load(loadBefore)} before and ${load(loadAfter)} after.`;
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in `file`, or appends it. */
export function writeSection(file: URL, name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = `${start}\n${body}\n${end}`;
  const current = readFileSync(file, 'utf8');
  const at = current.indexOf(start);
  const next =
    at === -1
      ? `${current.trimEnd()}\n\n${text}\n`
      : `${current.slice(0, at)}${text}${current.slice(current.indexOf(end) + end.length)}`;
  writeFileSync(file, next);
}
