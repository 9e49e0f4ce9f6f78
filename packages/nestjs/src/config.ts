/** Turns the module's and the routes' options into guards, each built and checked once. */
import {
  createWebhookReceiver,
  type FingerprintGuardEngine as GuardEngine,
  type GuardMode,
  type WebhookReceiver,
} from '@fingerprint-guard/core';
import {
  configError,
  isBoolean,
  isGuard,
  nested,
  resolveGuard,
  WEBHOOK_RECEIVER_OPTIONS,
  type OptionSchema,
} from '@fingerprint-guard/core/adapter';
import type { FingerprintHttpRequest, FingerprintRouteOptions, ModuleOptions, NestAdapterOptions } from './types.js';

type Engine = GuardEngine<FingerprintHttpRequest, GuardMode>;

/** What the module provides: its guard, the options it was built from (for routes to merge over), its webhook receiver. */
export interface ResolvedConfig {
  guard: Engine;
  options?: Record<string, unknown>;
  receiver?: WebhookReceiver;
  global: boolean;
}

const ADAPTER_OPTIONS = {
  webhook: nested(WEBHOOK_RECEIVER_OPTIONS),
  global: isBoolean,
} as const satisfies OptionSchema<NestAdapterOptions>;

/** Builds the module's guard (and webhook receiver) from its options: a mistake throws `CONFIG_INVALID` here, at start-up. */
export function resolveConfig(options: ModuleOptions<never>): ResolvedConfig {
  const { guard, adapter } = resolveGuard<FingerprintHttpRequest, NestAdapterOptions>(
    options as ModuleOptions,
    ADAPTER_OPTIONS,
    undefined,
    { providesIp: true },
  )();
  const config: ResolvedConfig = { guard, global: adapter.global ?? true };
  if (!isGuard(options)) {
    const own: Record<string, unknown> = { ...(options as object) };
    for (const name of Object.keys(ADAPTER_OPTIONS)) delete own[name];
    config.options = own;
  }
  if (adapter.webhook !== undefined) config.receiver = createWebhookReceiver(adapter.webhook);
  return config;
}

// One guard per route options object (a decorator's argument) and module configuration.
const routeGuards = new WeakMap<object, WeakMap<object, Engine>>();
const NO_MODULE = {};

/**
 * The guard for a route with `@FingerprintOptions(route)`: a built guard as it is, or the
 * module's options with the route's merged over them, built on first use and kept.
 */
export function routeGuard(config: ResolvedConfig | undefined, route: FingerprintRouteOptions<never>): Engine {
  if (isGuard<FingerprintHttpRequest>(route)) return route;
  if (typeof route !== 'object' || route === null) {
    throw configError(
      '@FingerprintOptions() takes an options object or a guard built with createFingerprintGuard().',
      'nestjs',
    );
  }
  let byConfig = routeGuards.get(route);
  if (!byConfig) {
    byConfig = new WeakMap();
    routeGuards.set(route, byConfig);
  }
  const key = config ?? NO_MODULE;
  let guard = byConfig.get(key);
  if (!guard) {
    if (config && !config.options) {
      throw configError(
        'route options merge over the module’s options, but FingerprintGuardModule was given a built guard: give @FingerprintOptions() a built guard too.',
        'nestjs',
      );
    }
    guard = resolveGuard<FingerprintHttpRequest, object>({ ...config?.options, ...(route as object) }, {}, undefined, {
      providesIp: true,
    })().guard;
    byConfig.set(key, guard);
  }
  return guard;
}

/**
 * Builds, at start-up, the guard of every controller method (or controller) with
 * `@FingerprintOptions()`, so that a mistake in route options stops the start as the module's own
 * options do. `metadataOf` reads a route's options; `methodNames` lists a prototype's methods.
 */
export function prepareRouteGuards(
  config: ResolvedConfig,
  controllers: ReadonlyArray<unknown>,
  metadataOf: (target: object) => FingerprintRouteOptions<never> | undefined,
  methodNames: (prototype: object) => string[],
): void {
  for (const type of controllers) {
    if (typeof type !== 'function') continue;
    const prototype = type.prototype as Record<string, unknown>;
    const ofClass = metadataOf(type);
    for (const name of methodNames(prototype)) {
      const method = prototype[name];
      const options = (typeof method === 'function' ? metadataOf(method) : undefined) ?? ofClass;
      if (options !== undefined) routeGuard(config, options);
    }
  }
}
