/** @fingerprint-guard/cloudflare: a replay store on Durable Objects, shared by every isolate of your Worker. */
export { createDurableObjectReplayStore } from './store.js';
export type { DurableObjectReplayStore, DurableObjectReplayStoreOptions } from './store.js';
export { ReplayStoreObject } from './object.js';
export type {
  DurableObjectNamespaceLike,
  DurableObjectStateLike,
  DurableObjectStubLike,
  SqlCursorLike,
} from './types.js';
