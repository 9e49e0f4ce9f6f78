// The local Upstash REST server in its own process (as Upstash is another machine), printing its URL.
import { createUpstashRestServer } from '@fingerprint-guard/testing';

const server = await createUpstashRestServer();
console.log(JSON.stringify({ url: server.url, token: server.token }));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
