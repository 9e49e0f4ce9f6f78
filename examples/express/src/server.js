// Starts the example: `node src/server.js` (or `pnpm demo` from the repository root).
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { MemoryReplayStore } from '@fingerprint-guard/express';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { createFakeCside, createFakeFingerprintApi, judgeByUserAgent } from '@fingerprint-guard/testing';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { DEMO_RULESETS } from './ruleset.js';

const config = readConfig();
// Before any guard is built: the guards report to the API the SDK is registered with.
const { opentelemetry } = process.env.FP_OTEL === 'console' ? await import('./telemetry.js') : {};

// The port first: the login binds identifications to the origin the page is served on.
const server = createServer();
try {
  await new Promise((resolve, reject) => server.once('error', reject).listen(config.port, config.host, resolve));
} catch (error) {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(
    `Port ${config.port} on ${config.host} is taken by another program. Start the demo on another one: PORT=3001 pnpm demo`,
  );
  process.exit(1);
}
const { port } = server.address();
const origins = config.publicOrigins ?? [`http://${config.host}:${port}`, `http://localhost:${port}`];

// Many instances share Redis; one process is fine with the memory store.
const redis = config.redisUrl
  ? await createClient({ url: config.redisUrl })
      .on('error', (error) => console.error('redis:', error.message))
      .connect()
  : undefined;
const store = redis ? createRedisReplayStore({ client: redis }) : new MemoryReplayStore();

// Without a cside API key, a local fake of cside's API and browser script stands in for it.
const fakeCside = config.cside ? undefined : await createFakeCside();
const cside = config.cside ?? {
  apiKey: fakeCside.apiKey,
  baseUrl: fakeCside.url,
  scriptUrl: `${fakeCside.url}/client.js`,
};

// In development, a local fake of the Fingerprint Server API serves the sign-up case's events,
// evaluates its ruleset (ruleset.js), and answers the newsletter's /v4/edge evaluations: by
// User-Agent, or the verdict the demo page asks for (a browser cannot change its User-Agent).
// With real keys there are no such cases.
const demoVerdict = (request) =>
  request.headers.find((line) => line.name === 'x-demo-edge-verdict')?.value === 'bot'
    ? 'bot'
    : judgeByUserAgent(request);
const fingerprintApi = config.simulatorKey
  ? await createFakeFingerprintApi({ rulesets: DEMO_RULESETS, edge: demoVerdict })
  : undefined;

server.on('request', createApp({ config, origins, store, cside, opentelemetry, fingerprintApi }));
console.log(`fingerprint-guard demo: http://${config.host}:${port}/`);
console.log(`  replay store: ${redis ? `Redis (${config.redisUrl})` : 'in memory'}`);
console.log(
  `  Fingerprint agent: ${config.agent ? 'the real browser agent' : config.simulatorKey ? 'local simulator, sealing with a development key made at start-up' : 'none (real keys configured: the simulator is off)'}`,
);
console.log(`  cside: ${fakeCside ? `local fake at ${fakeCside.url}` : 'the real cside API'}`);
console.log(
  `  Fingerprint Server API: ${fingerprintApi ? `local fake at ${fingerprintApi.url}, with a ruleset that blocks bad bots (sign-up) and /v4/edge (newsletter, no agent)` : 'not used'}`,
);
console.log(
  `  OpenTelemetry: ${process.env.FP_OTEL === 'console' ? 'spans and metrics printed here' : 'off (FP_OTEL=console prints spans and metrics)'}`,
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    server.close();
    await fakeCside?.close();
    await fingerprintApi?.close();
    await redis?.quit();
    process.exit(0);
  });
}
