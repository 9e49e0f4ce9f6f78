/** The built Upstash store over @upstash/redis on this runtime, against the local Upstash REST server on the Redis at REDIS_URL. */
import { Redis } from '@upstash/redis';
import { createUpstashRestServer } from '@fingerprint-guard/testing';
import { createUpstashReplayStore } from '@fingerprint-guard/upstash';
import { check, equal } from './harness.ts';

export async function upstashChecks(runtime: string): Promise<void> {
  await check(
    `the Upstash store on ${runtime}: a first use, its replay, a release, then refused once closed`,
    async () => {
      const upstash = await createUpstashRestServer();
      try {
        const store = createUpstashReplayStore({
          client: new Redis({ url: upstash.url, token: upstash.token }),
          prefix: `runtime-check:${crypto.randomUUID()}:`,
        });
        const expires = () => Date.now() + 60_000;
        const answers = [await store.claim('k', expires()), await store.claim('k', expires())];
        await store.release('k');
        answers.push(await store.claim('k', expires()));
        store.close();
        const closed = await store.claim('k', expires()).catch((error: { code?: string }) => error.code);
        equal([...answers, closed], [true, false, true, 'STORE_CLOSED'], 'claims');
      } finally {
        await upstash.close();
      }
    },
  );
}
