// The store's options, with a real namespace binding (miniflare's proxy of Worker a's, so the
// store runs here and the object in workerd).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import { createDurableObjectReplayStore, type DurableObjectNamespaceLike } from '../src/index.js';
import { startWorkerd, type Workerd } from './workerd.js';

let workerd: Workerd;
let namespace: DurableObjectNamespaceLike;
beforeAll(async () => {
  workerd = await startWorkerd({ FP_SEALED_KEY: generateKey() });
  namespace = await workerd.namespace('REPLAY_STORE');
}, 60_000);
afterAll(() => workerd.dispose());

describe('createDurableObjectReplayStore options', () => {
  it('exposes its window, 15 minutes unless told, and claims through the binding', async () => {
    const store = createDurableObjectReplayStore({ namespace, prefix: `options-${Date.now()}:` });
    expect(store.windowMs).toBe(900_000);
    expect(createDurableObjectReplayStore({ namespace, window: '1h' }).windowMs).toBe(3_600_000);
    expect(await store.claim('k', Date.now() + 60_000)).toBe(true);
    expect(await store.claim('k', Date.now() + 60_000)).toBe(false);
  });

  it.each([
    ['no options', () => undefined],
    ['no namespace', () => ({})],
    ['a namespace without idFromName and get', () => ({ namespace: { get() {} } })],
    ['0 shards', () => ({ namespace, shards: 0 })],
    ['too many shards', () => ({ namespace, shards: 5_000 })],
    ['fractional shards', () => ({ namespace, shards: 2.5 })],
    ['a prefix that is not a string', () => ({ namespace, prefix: 3 })],
    ['a bad window', () => ({ namespace, window: 'soon' })],
    ['a window under a second', () => ({ namespace, window: 10 })],
    ['a bad timeout', () => ({ namespace, timeout: '-1s' })],
  ] as Array<[string, () => unknown]>)('throws CONFIG_INVALID for %s', (_name, options) => {
    expect(() => createDurableObjectReplayStore(options() as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
