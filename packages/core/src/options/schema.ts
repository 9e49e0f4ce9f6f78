/** Unknown option names are mistakes: `maxage: '1m'` must not run silently with the default. */
import { configError } from '../errors.js';

const GUARD_OPTIONS = [
  'fingerprint',
  'cside',
  'maxAge',
  'clockSkew',
  'replay',
  'onStoreError',
  'deny',
  'minConfidence',
  'maxSuspectScore',
  'honorRuleAction',
  'onUnavailableSignal',
  'bind',
  'clientIp',
  'negativeCache',
  'check',
  'mode',
  'getCredential',
  'logger',
  'onDecision',
  'opentelemetry',
] as const;

const NESTED: Readonly<Record<string, readonly string[]>> = {
  fingerprint: ['keys', 'maxSealedBytes', 'maxPayloadBytes', 'formats', 'serverApi'],
  replay: ['store', 'timeout'],
  bind: ['ip', 'origin', 'linkedId'],
  negativeCache: ['ttl', 'maxEntries'],
};

/** Throws `CONFIG_INVALID` for the first unknown option, naming the closest known one. */
export function checkKnownOptions(options: object, extra: readonly string[] = []): void {
  checkNames(Object.keys(options), [...GUARD_OPTIONS, ...extra], '');
  for (const [name, known] of Object.entries(NESTED)) {
    const value = (options as Record<string, unknown>)[name];
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      checkNames(Object.keys(value), known, `${name}.`);
  }
}

function checkNames(names: readonly string[], known: readonly string[], prefix: string): void {
  for (const name of names) {
    if (known.includes(name)) continue;
    const closest = closestName(name, known);
    throw configError(
      `unknown option ${prefix}${name}${closest ? `: did you mean ${prefix}${closest}?` : `; known: ${known.join(', ')}.`}`,
    );
  }
}

/** The known name within a small edit distance (case ignored), if any. */
function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
