// The agent simulator is a signing oracle by nature: it must never seal with a real key.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createUnsealer, MemoryReplayStore } from '@fingerprint-guard/express';
import { generateKey } from '@fingerprint-guard/testing';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterAll(() => {
  for (const server of servers) server.close();
});

async function start(env: Record<string, string>) {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cside = { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', scriptUrl: 'http://127.0.0.1:9/client.js' };
  server.on(
    'request',
    createApp({ config: readConfig(env), origins: [origin], store: new MemoryReplayStore(), cside }),
  );
  return origin;
}

describe('the example’s agent simulator', () => {
  it('is not mounted when real keys are configured, whatever NODE_ENV says', async () => {
    const origin = await start({ FP_SEALED_KEYS: generateKey() });
    const response = await fetch(`${origin}/dev/agent-simulator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(((await (await fetch(`${origin}/demo-config.json`)).json()) as { agent: object }).agent).toEqual({
      none: true,
    });
  });

  it('without real keys, seals with a key the process made itself: never a real one, never the same twice', async () => {
    const realKey = generateKey();
    const [first, second] = [readConfig({}), readConfig({})];
    expect(first.simulatorKey).not.toBe(second.simulatorKey);
    expect(first.sealedKeys).toEqual([first.simulatorKey]);
    expect(readConfig({ FP_SEALED_KEYS: realKey }).simulatorKey).toBeUndefined();

    const origin = await start({});
    const minted = (await (
      await fetch(`${origin}/dev/agent-simulator`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { sealed_result: string };
    await expect(createUnsealer({ keys: [realKey] }).unseal(minted.sealed_result)).rejects.toMatchObject({
      code: 'SEALED_RESULT_DECRYPTION_FAILED',
    });
    await expect(
      createUnsealer({ keys: ['p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53='] }).unseal(minted.sealed_result),
    ).rejects.toMatchObject({
      code: 'SEALED_RESULT_DECRYPTION_FAILED',
    });
  });
});
