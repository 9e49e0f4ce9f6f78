/**
 * `#platform` on Node: synchronous node:crypto and node:zlib. The Web build resolves `#platform`
 * to ./web.ts instead (package.json `imports`); nothing else in core imports a Node module.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { nodeRuntime } from '../sealed/runtime-node.js';
import type { OpenTelemetryApi } from '../observe/otel-types.js';
import type { Platform } from './types.js';

// An optional peer dependency: loaded when installed, never required.
let openTelemetry: OpenTelemetryApi | null | undefined;
function loadOpenTelemetry(): OpenTelemetryApi | undefined {
  if (openTelemetry === undefined) {
    try {
      // The CommonJS build has `require`; the ESM build makes one.
      const load = typeof require === 'function' ? require : createRequire(import.meta.url);
      openTelemetry = load('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      openTelemetry = null;
    }
  }
  return openTelemetry ?? undefined;
}

export const platform: Platform = {
  sealedRuntime: nodeRuntime,
  sha256Base64Url: (text) => createHash('sha256').update(text).digest('base64url'),
  hmacSha256: (secret, data) => createHmac('sha256', secret).update(data).digest(),
  timingSafeEqual: (a, b) => timingSafeEqual(a, b),
  openTelemetry: loadOpenTelemetry,
};
