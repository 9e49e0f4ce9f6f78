/** The Express example's agent simulator is no signing oracle: absent with real keys, and never sealing with a real or public key. */
import { createUnsealer, MemoryReplayStore } from '@fingerprint-guard/express';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { FINGERPRINT_TEST_KEY } from './fuzz-inputs.js';
import { listen, outcomeOf, send } from './http-app.js';
import type { SecretScanner } from './secrets.js';

export interface OracleCheck {
  check: string;
  observed: string;
  held: boolean;
}

interface ExampleConfig {
  sealedKeys: string[];
  simulatorKey?: string;
}

/** The Express example's modules (plain JavaScript: imported by a name TypeScript does not follow). */
const EXAMPLE = { app: '@fingerprint-guard/example-express/app', config: '@fingerprint-guard/example-express/config' };

/**
 * Starts `examples/express/src/app.js` as its server.js does (`createApp({ config: readConfig(env),
 * origins, store, cside })`), with and without FP_SEALED_KEYS, and asks its simulator for sealed results.
 */
export async function runOracle(scanner: SecretScanner): Promise<OracleCheck[]> {
  // The example's guards log to the console: every line goes through the scanner too.
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => {
    scanner.scan('example log warn', args);
    warn(...args);
  };
  console.error = (...args: unknown[]) => {
    scanner.scan('example log error', args);
    error(...args);
  };
  try {
    return await checkExample(scanner);
  } finally {
    Object.assign(console, { warn, error });
  }
}

async function checkExample(scanner: SecretScanner): Promise<OracleCheck[]> {
  const { createApp } = (await import(EXAMPLE.app)) as {
    createApp: (options: object) => import('node:http').RequestListener;
  };
  const { readConfig } = (await import(EXAMPLE.config)) as {
    readConfig: (env: Record<string, string>) => ExampleConfig;
  };
  const checks: OracleCheck[] = [];
  const check = (name: string, observed: string, held: boolean) => void checks.push({ check: name, observed, held });

  const start = async (env: Record<string, string>) => {
    const config = readConfig(env);
    if (config.simulatorKey) scanner.addSecret('example simulator key', config.simulatorKey);
    const server = await listen();
    const cside = { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', scriptUrl: 'http://127.0.0.1:9/client.js' };
    server.server.on('request', createApp({ config, origins: [server.url], store: new MemoryReplayStore(), cside }));
    return { ...server, config };
  };
  const call = async (url: string, init: Parameters<typeof send>[1] = {}) => {
    const answer = await send(url, init);
    scanner.scan('example response', answer.body);
    return answer;
  };
  const mint = (url: string, scenario?: string) =>
    call(`${url}/dev/agent-simulator`, {
      headers: { 'content-type': 'application/json', referer: `${url}/` },
      body: JSON.stringify(scenario ? { scenario } : {}),
    });
  const opens = async (keys: string[], sealed: string) =>
    createUnsealer({ keys })
      .unseal(sealed)
      .then(
        () => 'opens',
        (error: { code?: string }) => error.code ?? 'fails',
      );

  // With real keys (NODE_ENV unset, or development): no simulator, and the public test key is refused.
  const realKey = generateKey();
  scanner.addSecret('oracle real key', realKey);
  const withKeys: Array<[string, Record<string, string>]> = [
    ['FP_SEALED_KEYS set, NODE_ENV unset', { FP_SEALED_KEYS: realKey }],
    ['FP_SEALED_KEYS set, NODE_ENV=development', { FP_SEALED_KEYS: realKey, NODE_ENV: 'development' }],
    ['FP_SEALED_KEYS with two keys (a rotation), NODE_ENV unset', { FP_SEALED_KEYS: `${generateKey()},${realKey}` }],
  ];
  for (const [label, env] of withKeys) {
    const app = await start(env);
    const answer = await mint(app.url);
    check(`${label}: POST /dev/agent-simulator`, outcomeOf(answer), answer.status === 404);
    const demo = JSON.parse((await call(`${app.url}/demo-config.json`, { method: 'GET' })).body) as { agent: unknown };
    check(
      `${label}: the demo page is told`,
      `agent ${JSON.stringify(demo.agent)}`,
      JSON.stringify(demo.agent) === '{"none":true}',
    );
    if (env === withKeys[0]![1]) {
      const login = (sealed: string) =>
        call(`${app.url}/api/login`, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'oracle', sealed_result: sealed }),
        });
      const event = () => createEvent({ ip_address: '127.0.0.1', url: `${app.url}/` });
      const withTestKey = await login(sealEvent(event(), FINGERPRINT_TEST_KEY));
      check(
        `${label}: a login sealed with Fingerprint's public test key`,
        outcomeOf(withTestKey),
        withTestKey.status === 401,
      );
      const withRealKey = await login(sealEvent(event(), realKey));
      check(`${label}: a login sealed with the real key (control)`, outcomeOf(withRealKey), withRealKey.status === 200);
    }
    await app.close();
  }

  // Without keys: the simulator seals with a key the process made; nothing it mints opens elsewhere.
  const dev = await start({});
  const other = readConfig({});
  check(
    'without keys: two starts make two development keys',
    other.simulatorKey !== dev.config.simulatorKey ? 'different' : 'THE SAME',
    other.simulatorKey !== dev.config.simulatorKey,
  );
  const minted: string[] = [];
  for (const scenario of [undefined, 'bot', 'vpn', 'other-ip', 'other-site']) {
    const answer = await mint(dev.url, scenario);
    minted.push((JSON.parse(answer.body) as { sealed_result: string }).sealed_result);
  }
  const tally = async (keys: string[]) => {
    const results = await Promise.all(minted.map((sealed) => opens(keys, sealed)));
    return [...new Set(results)].join(', ');
  };
  const real = await tally([realKey]);
  check(
    `without keys: ${minted.length} minted results, opened with a real key`,
    real,
    real === 'SEALED_RESULT_DECRYPTION_FAILED',
  );
  const publicKey = await tally([FINGERPRINT_TEST_KEY]);
  check(
    `without keys: the same, opened with Fingerprint's public test key`,
    publicKey,
    publicKey === 'SEALED_RESULT_DECRYPTION_FAILED',
  );
  const own = await tally([dev.config.simulatorKey!]);
  check('without keys: the same, opened with the development key (control)', own, own === 'opens');
  const freshLogin = await call(`${dev.url}/api/login`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'oracle', sealed_result: minted[0] }),
  });
  check(
    'without keys: the simulator’s fresh result logs in (control)',
    outcomeOf(freshLogin),
    freshLogin.status === 200,
  );
  await dev.close();

  let production: string;
  try {
    readConfig({ NODE_ENV: 'production' });
    production = 'started';
  } catch (error) {
    production = `refused to start: ${(error as Error).message}`;
  }
  scanner.scan('example config error', production);
  check('NODE_ENV=production without FP_SEALED_KEYS', production, production.startsWith('refused'));
  return checks;
}
