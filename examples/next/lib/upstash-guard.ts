// The guard of the Upstash login (an Edge route): its replay store is Upstash Redis over HTTP,
// shared by every Edge isolate and every instance. Built at its first request, like the others,
// from UPSTASH_REDIS_REST_URL/TOKEN or Vercel KV's KV_REST_API_URL/TOKEN.
import { Redis } from '@upstash/redis';
import { createFingerprintGuard } from '@fingerprint-guard/next';
import { createUpstashReplayStore, upstashConfigFromEnv } from '@fingerprint-guard/upstash';
import { sealedKeys } from './guard';

export const upstashGuard = createFingerprintGuard<Request>(() => ({
  fingerprint: { keys: sealedKeys() },
  maxAge: '2m',
  deny: { bot: true, tampering: true },
  replay: {
    store: createUpstashReplayStore({ client: new Redis(upstashConfigFromEnv()), prefix: 'fpg:example-next:' }),
  },
}));
