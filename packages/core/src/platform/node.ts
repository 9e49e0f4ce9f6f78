/**
 * `#platform` on Node: synchronous node:crypto and node:zlib. The Web build resolves `#platform`
 * to ./web.ts instead (package.json `imports`); nothing else in core imports a Node module.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { nodeRuntime } from '../sealed/runtime-node.js';
import type { OpenTelemetryApi } from '../observe/otel-types.js';
import type { OptionalModule, Platform } from './types.js';

// An optional peer dependency: loaded once, at the first guard that wants it.
let openTelemetry: OptionalModule<OpenTelemetryApi> | undefined;

/**
 * `createRequire(import.meta.url)` in both builds: in the ESM build tsup's `require` shim throws
 * ("Dynamic require … is not supported"), and tsup's shims give the CommonJS build a real
 * `import.meta.url`. A literal name inside `try`, so that bundlers that understand `createRequire`
 * (webpack, Turbopack: Next's server bundles) resolve it at build time, and a missing one is no
 * build error for them, only a throw at run time.
 */
function loadOpenTelemetry(): OptionalModule<OpenTelemetryApi> {
  try {
    return { module: createRequire(import.meta.url)('@opentelemetry/api') as OpenTelemetryApi };
  } catch (error) {
    return isNotFound(error, '@opentelemetry/api') ? {} : { loadError: error };
  }
}

/** Node's, Bun's and bundlers' `require` say MODULE_NOT_FOUND; only a miss of `name` itself is "not installed". */
function isNotFound(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${name}'`) || message.includes(`"${name}"`))
  );
}

export const platform: Platform = {
  sealedRuntime: nodeRuntime,
  sha256Base64Url: (data) => createHash('sha256').update(data).digest('base64url'),
  hmacSha256: (secret, data) => createHmac('sha256', secret).update(data).digest(),
  timingSafeEqual: (a, b) => timingSafeEqual(a, b),
  openTelemetry: () => (openTelemetry ??= loadOpenTelemetry()),
};
