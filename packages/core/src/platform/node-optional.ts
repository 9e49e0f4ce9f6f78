/** Loads an optional peer dependency synchronously: its module, "not installed", or the error of a broken install. */
import { createRequire } from 'node:module';
import type { OptionalModule } from './types.js';

/**
 * `createRequire(import.meta.url)` in every build: in ESM, tsup's `require` shim throws ("Dynamic
 * require is not supported"), and the CommonJS build gets a real file URL from tsup's shims. A
 * bundler that understands `createRequire` (webpack, Turbopack) resolves the name at build time.
 */
export function loadOptional<T>(name: string): OptionalModule<T> {
  try {
    return { module: createRequire(import.meta.url)(name) as T };
  } catch (error) {
    return isNotFound(error, name) ? {} : { loadError: error };
  }
}

/** Node, Bun and bundlers' `require` say MODULE_NOT_FOUND; only a miss of `name` itself is "not installed". */
function isNotFound(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${name}'`) || message.includes(`"${name}"`))
  );
}
