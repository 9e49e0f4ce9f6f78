/**
 * The one way options are checked: every options object has a schema the compiler ties to its
 * type, and one walk checks its names at every depth and the values its schema checks.
 */
import { configError } from '../errors.js';

/** What a value must be (`'must be a function'`), or `undefined` when it is right. */
export type ValueCheck = (value: unknown) => string | undefined;

/**
 * The schema of an options object of type `T`: one entry per option, no more and no fewer, which
 * the compiler holds to the type (`{ … } as const satisfies OptionSchema<T>`, as `SIGNALS` is
 * held to `FingerprintSignals`), so an option added to the type does not compile without its
 * entry. An entry is:
 * - a `ValueCheck` of the value;
 * - `nested(schema)`, for an object whose names and values are checked in turn;
 * - `true`: the value's reader checks it, always, when the options are checked (a key's decoding,
 *   a store's `claim`).
 *
 * @example
 * const MY_STORE_OPTIONS = { client: true, prefix: isString, timeout: isDuration } as const satisfies OptionSchema<MyStoreOptions>;
 */
export type OptionSchema<T> = { readonly [K in keyof T]-?: OptionEntry<T[K]> };

/** How one option is checked: see `OptionSchema`. */
export type OptionEntry<V> = true | ValueCheck | NestedOptions<OptionSchema<Extract<NonNullable<V>, object>>>;

/** A nested options object's schema, and what else its option may be instead of an object. */
export interface NestedOptions<S> {
  readonly nested: S;
  readonly or?: 'false' | 'boolean';
}

/**
 * The entry of an option whose value is an object with options of its own; `or` says what else it
 * may be: `'false'` (`replay: false`) or `'boolean'` (`bind.ip: true`).
 *
 * @example
 * const GUARD = { replay: nested(REPLAY_OPTIONS, 'false'), ... };
 */
export function nested<S extends object>(schema: S, or?: 'false' | 'boolean'): NestedOptions<S> {
  return or === undefined ? { nested: schema } : { nested: schema, or };
}

const OTHERWISE = { false: 'false or ', boolean: 'true, false or ' } as const;

type AnySchema = Readonly<Record<string, true | ValueCheck | NestedOptions<object>>>;

/**
 * Checks `options` against `schema`: `CONFIG_INVALID` for a value that is not an object (naming
 * `owner`), for the first unknown option at any depth (its path named, and the closest known
 * name: `unknown option cside.timout: did you mean cside.timeout?`), and for the first value its
 * check refuses. `from` names the package in the message (`fingerprint-guard/redis: …`).
 *
 * @example
 * checkOptions(options, MY_STORE_OPTIONS, 'createMyReplayStore', 'my-store');
 */
export function checkOptions<T>(
  options: unknown,
  schema: OptionSchema<T>,
  owner: string,
  from?: string,
): asserts options is T {
  if (!isOptionsObject(options)) throw configError(`${owner} needs an options object.`, from);
  walk(options, schema as AnySchema, '', from);
}

function walk(options: object, schema: AnySchema, prefix: string, from: string | undefined): void {
  for (const name of Object.keys(options)) {
    const entry = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (entry === undefined) throw unknownOption(name, Object.keys(schema), prefix, from);
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined || entry === true) continue;
    if (typeof entry === 'function') {
      const requirement = entry(value);
      if (requirement !== undefined) throw configError(`${prefix}${name} ${requirement}.`, from);
    } else if (isOptionsObject(value)) {
      walk(value, entry.nested as AnySchema, `${prefix}${name}.`, from);
    } else if (!(entry.or === 'false' ? value === false : entry.or === 'boolean' && typeof value === 'boolean')) {
      throw configError(`${prefix}${name} must be ${entry.or ? OTHERWISE[entry.or] : ''}an object.`, from);
    }
  }
}

/** A plain value object: not null, not an array, not a function. */
function isOptionsObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownOption(name: string, known: readonly string[], prefix: string, from: string | undefined) {
  // The name is the caller's own, never a secret; cut, in case it is a whole document's key.
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  const closest = closestName(name, known);
  return configError(
    `unknown option ${prefix}${shown}${closest ? `: did you mean ${prefix}${closest}?` : `; known: ${known.join(', ')}.`}`,
    from,
  );
}

/** The known name within a small edit distance (case ignored), if any. */
function closestName(name: string, known: readonly string[]): string | undefined {
  if (name.length > 64) return undefined;
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
