/**
 * @fingerprint-guard/core/adapter: what every framework adapter shares, so that an adapter is
 * only a translation of its framework's request and response. Not for application code.
 */
import { configError, type FingerprintGuardError } from '../errors.js';
import { createFingerprintGuard } from '../engine/engine.js';
import { LAZY_GUARD } from '../engine/lazy.js';
import { readOptions } from '../options/from-function.js';
import type { FingerprintGuard } from '../guard/types.js';
import type { FingerprintGuardOptions } from '../options/types.js';
import type { GuardMode } from '../result/decision.js';
import { readStreamCapped } from '../http/read-capped.js';
import { concatBytes } from '../bytes.js';
import { DEFAULT_MAX_BODY_BYTES } from '../webhook/receiver.js';
import { isConfigError, refusingGuard } from './unconfigured.js';

export { DEFAULT_MAX_BODY_BYTES };
export { readStreamCapped } from '../http/read-capped.js';
export { formatDuration, toMilliseconds } from '../duration.js';
export { withTimeout } from '../timeout.js';
export { configError } from '../errors.js';
export { maskCredentials } from '../mask-credentials.js';
export { DEFAULT_REPLAY_WINDOW, storeWindowMs } from '../replay/window.js';
export {
  duplicateDeliveryBody,
  onResponseEnd,
  resolveWebhookReceiver,
  settleDelivery,
  type WebhookSource,
} from './webhook.js';
export { decideOrRefuse, refusingGuard, type AdapterDecision } from './unconfigured.js';

/** The JSON every adapter answers a denial with: `{ "error": { "code", "message", "rule"? } }`. */
export function denialBody(error: FingerprintGuardError): { error: { code: string; message: string; rule?: string } } {
  return {
    error: { code: error.code, message: error.message, ...(error.rule === undefined ? {} : { rule: error.rule }) },
  };
}

export function isGuard<Req>(value: unknown): value is FingerprintGuard<Req, GuardMode> {
  return typeof (value as FingerprintGuard | null)?.decide === 'function';
}

/** What an adapter is given: options, an already-built guard, or a function returning either, called at the first request. */
export type GuardSource<Req, Extra> =
  | (FingerprintGuardOptions<Req> & Extra)
  | FingerprintGuard<Req, GuardMode>
  | (() => (FingerprintGuardOptions<Req> & Extra) | FingerprintGuard<Req, GuardMode>);

export interface ResolvedGuard<Req, Extra> {
  guard: FingerprintGuard<Req, GuardMode>;
  adapter: Partial<Extra>;
}

/**
 * An adapter's options are the guard's plus a few of its own (`onDenied`, …): this builds the
 * guard from the guard's part, or takes an already-built guard with the adapter's options given
 * apart (`separate`). `adapterKeys` names the adapter's own options. `providesIp`: whether the
 * framework supplies the client IP; a guard with `bind.ip` and no `clientIp` is `CONFIG_INVALID`
 * on an adapter that does not. `providesPeer` (default true): whether the adapter gives the
 * connecting address (`input.peer`); a `clientIp` preset that checks it is `CONFIG_INVALID` on
 * one that does not.
 *
 * Returns a function that gives the guard and the adapter's options. Options and guards are
 * checked here, at start-up; a function (or a guard built from one) is resolved, and checked, at
 * the first call, so that a module can be loaded without its secrets. Until it resolves, the
 * function gives a guard that refuses every request with the `CONFIG_INVALID` error: adapters
 * decide with `decideOrRefuse`, which answers it as a 500 denial.
 */
export function resolveGuard<Req, Extra extends object>(
  source: GuardSource<Req, Extra>,
  adapterKeys: ReadonlyArray<keyof Extra & string>,
  separate: Extra | undefined,
  { providesIp, providesPeer = true }: { providesIp: boolean; providesPeer?: boolean },
): () => ResolvedGuard<Req, Extra> {
  type Given = (FingerprintGuardOptions<Req> & Extra) | FingerprintGuard<Req, GuardMode>;
  const resolve = (options: Given): ResolvedGuard<Req, Extra> => {
    let guard: FingerprintGuard<Req, GuardMode>;
    const adapter: Partial<Extra> = { ...separate };
    if (isGuard<Req>(options)) {
      guard = options;
    } else {
      if (typeof options !== 'object' || options === null) throw configError('the guard needs an options object.');
      const guardOptions: Record<string, unknown> = { ...(options as object) };
      for (const name of adapterKeys) {
        if (name in guardOptions) (adapter as Record<string, unknown>)[name] = guardOptions[name];
        delete guardOptions[name];
      }
      guard = createFingerprintGuard(guardOptions as FingerprintGuardOptions<Req>);
    }
    // In this order: reading needsAdapterIp builds a lazily configured guard, needlessly where the framework gives the IP.
    if (!providesIp && guard.needsAdapterIp) {
      throw configError(
        'bind.ip needs the client IP, and this framework gives none: pass clientIp: (request) => … or an ipFrom preset (never a header a client can set).',
      );
    }
    if (!providesPeer && guard.needsAdapterPeer) {
      throw configError(
        'this clientIp preset trusts its header only from a known connecting address, and this framework gives none, so a client could set it: use a preset of your platform (ipFrom.vercel()), or clientIp: (request) => … reading a header only your proxy sets.',
      );
    }
    return { guard, adapter };
  };
  const lazy = typeof source === 'function' || (LAZY_GUARD in (source as object) && isGuard(source));
  if (!lazy) {
    const resolved = resolve(source as Given);
    return () => resolved;
  }
  let resolved: ResolvedGuard<Req, Extra> | undefined;
  const read = typeof source === 'function' ? source : () => source as Given;
  return () => {
    if (resolved) return resolved;
    try {
      resolved = resolve(readOptions(read));
      return resolved;
    } catch (error) {
      if (!isConfigError(error)) throw error;
      // Not kept: the next request reads the options again, so a fixed environment takes effect.
      return { guard: refusingGuard<Req>(error), adapter: { ...separate } };
    }
  };
}

/**
 * Reads a raw body (a Node request, or a Web stream) up to `maxBytes`: `undefined` once it
 * passes the cap, without buffering past it.
 */
export async function readRawBody(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (typeof (source as ReadableStream).getReader === 'function')
    return readStreamCapped(source as ReadableStream<Uint8Array>, maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return concatBytes(chunks, total);
}
