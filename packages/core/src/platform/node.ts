/**
 * `#platform` on Node: synchronous node:crypto and node:zlib. The Web build resolves `#platform`
 * to ./web.ts instead (package.json `imports`); nothing else in core imports a Node module.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nodeRuntime } from '../sealed/runtime-node.js';
import type { OpenTelemetryApi } from '../observe/otel-types.js';
import { loadOptional } from './node-optional.js';
import type { OptionalModule, Platform } from './types.js';

// An optional peer dependency: loaded once, at the first guard that wants it.
let openTelemetry: OptionalModule<OpenTelemetryApi> | undefined;

export const platform: Platform = {
  sealedRuntime: nodeRuntime,
  sha256Base64Url: (text) => createHash('sha256').update(text).digest('base64url'),
  hmacSha256: (secret, data) => createHmac('sha256', secret).update(data).digest(),
  timingSafeEqual: (a, b) => timingSafeEqual(a, b),
  openTelemetry: () => (openTelemetry ??= loadOptional<OpenTelemetryApi>('@opentelemetry/api')),
};
