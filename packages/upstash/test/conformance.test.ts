// The store through the real @upstash/redis client, against the local Upstash REST server on a
// real redis-server: base64 answers (the client's default) and plain JSON ones.
import { randomUUID } from 'node:crypto';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll } from 'vitest';
import { createUpstashRestServer, type UpstashRestServer } from '@fingerprint-guard/testing';
import { replayStoreConformance } from '@fingerprint-guard/testing/vitest';
import { createUpstashReplayStore } from '../src/index.js';

let upstash: UpstashRestServer;
beforeAll(async () => {
  upstash = await createUpstashRestServer();
});
afterAll(() => upstash.close());

const prefix = () => `fpg:test:${randomUUID()}:`;

replayStoreConformance('Upstash (@upstash/redis, base64 answers)', () =>
  createUpstashReplayStore({ client: new Redis({ url: upstash.url, token: upstash.token }), prefix: prefix() }),
);
replayStoreConformance('Upstash (@upstash/redis, JSON answers, no deserialisation)', () =>
  createUpstashReplayStore({
    client: new Redis({
      url: upstash.url,
      token: upstash.token,
      responseEncoding: false,
      automaticDeserialization: false,
    }),
    prefix: prefix(),
  }),
);
