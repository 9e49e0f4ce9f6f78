// Runs inside Vercel's edge-runtime emulator: the built store over the real @upstash/redis
// client, configured from Vercel KV's variable names, as an Edge route would do it.
import { Redis } from '@upstash/redis';
import { createUpstashReplayStore, upstashConfigFromEnv } from '@fingerprint-guard/upstash';

export async function claimTwice(env: Record<string, string>, prefix: string, key: string): Promise<unknown[]> {
  const store = createUpstashReplayStore({ client: new Redis(upstashConfigFromEnv(env)), prefix });
  const first = await store.claim(key, Date.now() + 60_000);
  const second = await store.claim(key, Date.now() + 60_000);
  await store.release(key);
  const afterRelease = await store.claim(key, Date.now() + 60_000);
  store.close();
  const closed = await store.claim(key, Date.now() + 60_000).catch((error: Error) => error.message);
  return [first, second, afterRelease, closed];
}
