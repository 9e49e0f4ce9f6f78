/** A stable signature of an options object: equal options, equal signature, whatever object holds them. */
import { platform } from '#platform';

type AnyFunction = (...args: never) => unknown;

/**
 * The SHA-256 (base64url) of `value` as canonical JSON: object keys sorted, secrets never kept
 * in clear (only the hash is). Functions are signed by `signFunction`: by identity where
 * behaviour may differ (a custom `fetch`), by source text where only "built again" matters.
 */
export function optionsSignature(value: unknown, signFunction: (fn: AnyFunction) => string): string {
  return platform.sha256Base64Url(canonical(value, signFunction, new Set()));
}

function canonical(value: unknown, signFunction: (fn: AnyFunction) => string, seen: Set<object>): string {
  if (typeof value === 'function') return `fn:${signFunction(value as AnyFunction)}`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  if (ArrayBuffer.isView(value))
    return `bytes:${Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).join('.')}`;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  const out = Array.isArray(value)
    ? `[${value.map((item) => canonical(item, signFunction, seen)).join(',')}]`
    : // A store, a logger, keys as bytes: plain objects and arrays are read, anything else is known by its identity.
      Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null
      ? `{${Object.keys(value)
          .sort()
          .map(
            (key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key], signFunction, seen)}`,
          )
          .join(',')}}`
      : `obj:${identity(value)}`;
  seen.delete(value);
  return out;
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A number for an object or function, the same for as long as it lives. */
export function identity(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = ++nextId;
    ids.set(value, id);
  }
  return id;
}
