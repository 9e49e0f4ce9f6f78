/** fingerprintPlugin: the guard for every route of a Fastify context, registered the Fastify way. */
import { configError, isGuard } from '@fingerprint-guard/core/adapter';
import type { FingerprintGuardEngine, GuardMode } from '@fingerprint-guard/core';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fingerprintGuard, type FastifyAdapterOptions, type FastifyFingerprintGuardOptions } from './guard.js';
import './augment.js';

/**
 * `fingerprintPlugin`'s options: the guard's options, or an already-built guard with the denial
 * options. (Fastify itself calls a function given as plugin options, with the parent instance;
 * for a guard that reads its secrets at the first request, pass `createFingerprintGuard(() => …)`
 * as `guard`.)
 *
 * @example
 * app.register(fingerprintPlugin, { guard: createFingerprintGuard<FastifyRequest>({ fingerprint: { keys } }), throwErrors: true });
 */
export type FingerprintPluginOptions =
  | FastifyFingerprintGuardOptions
  | (FastifyAdapterOptions & { guard: FingerprintGuardEngine<FastifyRequest, GuardMode> });

const plugin: FastifyPluginAsync<FingerprintPluginOptions> = async (instance, options) => {
  // Fastify registers options with its own keys (prefix, …); only the guard's reach the guard.
  const {
    prefix: _prefix,
    logLevel: _logLevel,
    logSerializers: _logSerializers,
    ...rest
  } = options as FingerprintPluginOptions & Record<string, unknown>;
  let hook: ReturnType<typeof fingerprintGuard>;
  if ('guard' in rest) {
    const { guard, ...denial } = rest;
    if (!isGuard<FastifyRequest>(guard))
      throw configError('guard must be a guard built with createFingerprintGuard().', 'fastify');
    // Beside a guard, only the denial options: any other name is checked, and refused, as one.
    hook = fingerprintGuard(guard, denial as FastifyAdapterOptions);
  } else {
    hook = fingerprintGuard(rest as FastifyFingerprintGuardOptions);
  }
  // A declared property keeps every request the same shape (V8), as Fastify recommends.
  if (!instance.hasRequestDecorator('fingerprint')) instance.decorateRequest('fingerprint', undefined);
  instance.addHook('preHandler', hook);
};

/**
 * A Fastify plugin that runs `fingerprintGuard` before every route of the context it is
 * registered in (it is not encapsulated, thanks to `fastify-plugin`): register it inside your
 * own `app.register(async (scope) => …)` to guard only that scope's routes, or on the app to
 * guard them all. It declares `request.fingerprint` (`decorateRequest`). Options are checked
 * when Fastify loads the plugin: a mistake fails `app.ready()` with `CONFIG_INVALID`.
 *
 * @example
 * app.register(async (account) => {
 *   await account.register(fingerprintPlugin, { fingerprint: { keys: [process.env.FP_SEALED_KEY!] }, deny: { bot: true } });
 *   account.post('/login', async (request) => ({ visitorId: request.fingerprint?.visitorId }));
 * });
 */
export const fingerprintPlugin = fp(plugin, { name: '@fingerprint-guard/fastify', fastify: '4.x || 5.x' });
