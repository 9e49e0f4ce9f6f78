/** The payload formats Fingerprint delivers (v4, and v3 from 3.x agents), and the one list of them an app accepts. */
import { configError } from '../errors.js';

/** `v4`: the flat event of agents 4.0+, the v4 Server API and webhooks. `v3`: the `{ products }` response of 3.x agents and the v3 Server API, and legacy webhooks. */
export type FingerprintFormat = 'v4' | 'v3';

/** What a result can be: a payload format, or `edge`, the agentless evaluation of `fingerprint.edge`. */
export type FingerprintResultFormat = FingerprintFormat | 'edge';

/**
 * The formats your app accepts, for the types only: `v4` unless you add `v3` or `edge`. Declare
 * `v3` once when a guard or webhook lists `formats: ['v4', 'v3']`, `edge` once when a guard sets
 * `fingerprint.edge`, and every `Fingerprint` (and, for v3, webhook event) in the app is typed
 * as the union you narrow by `format`:
 *
 * @example
 * declare module '@fingerprint-guard/express' { // or the adapter you use, or /core
 *   interface AcceptedFingerprintFormats { v3: true; edge: true }
 * }
 */
export interface AcceptedFingerprintFormats {
  v4: true;
}

/** The formats declared in {@link AcceptedFingerprintFormats}: `'v4'`, or `'v4' | 'v3'`. */
export type AcceptedFingerprintFormat = Extract<keyof AcceptedFingerprintFormats, FingerprintFormat>;

/** `'edge'` when the app declares it in {@link AcceptedFingerprintFormats}, else `never`. */
export type AcceptedEdgeFormat = Extract<keyof AcceptedFingerprintFormats, 'edge'>;

const FORMATS: readonly FingerprintFormat[] = ['v4', 'v3'];

/** Checks a `formats` option once: a non-empty list of `'v4'` and `'v3'`; default `['v4']`. */
export function resolveFormats(formats: unknown, name: string): ReadonlySet<FingerprintFormat> {
  if (formats === undefined) return new Set(['v4']);
  if (
    !Array.isArray(formats) ||
    formats.length === 0 ||
    !formats.every((format) => FORMATS.includes(format as FingerprintFormat))
  ) {
    throw configError(`${name} must be a list of 'v4' and 'v3', such as ['v4', 'v3'].`);
  }
  return new Set(formats as FingerprintFormat[]);
}
