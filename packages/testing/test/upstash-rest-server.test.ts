// The local Upstash REST server, spoken to over raw HTTP as Upstash documents its protocol, with
// every command run on the real redis-server at REDIS_URL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashRestServer, type UpstashRestServer } from '../src/index.js';

let server: UpstashRestServer;
const prefix = `fpg:test:${randomUUID()}:`;

beforeAll(async () => {
  server = await createUpstashRestServer({ token: 'secret-token' });
});
afterAll(() => server.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer secret-token', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return [response.status, await response.json()];
}

describe('the Upstash REST protocol over a real Redis', () => {
  it('runs one command from a JSON array, with numbers as arguments', async () => {
    expect(await post('/', ['SET', `${prefix}a`, 'hello', 'PX', 60_000])).toEqual([200, { result: 'OK' }]);
    expect(await post('/', ['get', `${prefix}a`])).toEqual([200, { result: 'hello' }]);
    expect(await post('/', ['PTTL', `${prefix}a`])).toEqual([200, { result: expect.any(Number) }]);
    expect(await post('/', ['GET', `${prefix}missing`])).toEqual([200, { result: null }]);
  });

  it('answers every string but "OK" in base64 under Upstash-Encoding: base64', async () => {
    const base64 = { 'upstash-encoding': 'base64' };
    expect(await post('/', ['SET', `${prefix}b`, 'ключ 🔑'], base64)).toEqual([200, { result: 'OK' }]);
    expect(await post('/', ['GET', `${prefix}b`], base64)).toEqual([
      200,
      { result: Buffer.from('ключ 🔑').toString('base64') },
    ]);
    expect(await post('/', ['PING'], base64)).toEqual([200, { result: Buffer.from('PONG').toString('base64') }]);
    expect(await post('/', ['MGET', `${prefix}b`, `${prefix}none`], base64)).toEqual([
      200,
      { result: [Buffer.from('ключ 🔑').toString('base64'), null] },
    ]);
  });

  it('answers a failing command 400 with Redis’s error', async () => {
    await post('/', ['SET', `${prefix}text`, 'not a number']);
    expect(await post('/', ['INCR', `${prefix}text`])).toEqual([
      400,
      { error: 'ERR value is not an integer or out of range' },
    ]);
  });

  it('runs /pipeline in order, one result or error per command', async () => {
    expect(
      await post('/pipeline', [
        ['SET', `${prefix}p`, '1'],
        ['INCR', `${prefix}p`],
        ['INCR', `${prefix}text`],
        ['GET', `${prefix}p`],
      ]),
    ).toEqual([
      200,
      [{ result: 'OK' }, { result: 2 }, { error: 'ERR value is not an integer or out of range' }, { result: '2' }],
    ]);
  });

  it('runs /multi-exec as one transaction, and discards it whole when a command cannot be queued', async () => {
    expect(
      await post('/multi-exec', [
        ['SET', `${prefix}m`, '10'],
        ['INCRBY', `${prefix}m`, 5],
      ]),
    ).toEqual([200, [{ result: 'OK' }, { result: 15 }]]);
    const [status, body] = await post('/multi-exec', [
      ['SET', `${prefix}m`, '99'],
      ['SET', `${prefix}m`],
    ]);
    expect(status).toBe(400);
    expect(body.error).toMatch(/wrong number of arguments/);
    expect(await post('/', ['GET', `${prefix}m`])).toEqual([200, { result: '15' }]);
  });

  it('lets no concurrent command in between a transaction’s commands', async () => {
    const key = `${prefix}atomic`;
    await post('/', ['SET', key, '0']);
    const transactions = Array.from({ length: 20 }, () =>
      post('/multi-exec', [
        ['INCR', key],
        ['INCR', key],
        ['GET', key],
      ]),
    );
    const others = Array.from({ length: 20 }, () => post('/', ['INCR', key]));
    const results = await Promise.all(transactions);
    await Promise.all(others);
    // Each transaction saw its own two increments back to back: its GET equals its second INCR.
    for (const [, body] of results) expect(Number(body[2].result)).toBe(body[1].result);
    expect(await post('/', ['GET', key])).toEqual([200, { result: '60' }]);
  });

  it('refuses a wrong or missing token (401), other methods (405), broken JSON and connection-state commands (400)', async () => {
    expect(await post('/', ['PING'], { authorization: 'Bearer wrong' })).toEqual([401, { error: 'Unauthorized' }]);
    const bare = await fetch(`${server.url}/`, { method: 'POST', body: '["PING"]' });
    expect(bare.status).toBe(401);
    const viaQuery = await fetch(`${server.url}/?_token=secret-token`, { method: 'POST', body: '["PING"]' });
    expect(await viaQuery.json()).toEqual({ result: 'PONG' });
    expect((await fetch(`${server.url}/`, { headers: { authorization: 'Bearer secret-token' } })).status).toBe(405);
    expect((await post('/', '["SET", "k"'))[0]).toBe(400);
    expect((await post('/', [['nested']]))[0]).toBe(400);
    expect(await post('/', ['MULTI'])).toEqual([400, { error: 'ERR MULTI is not served here' }]);
    expect(await post('/', ['BLPOP', `${prefix}list`, 0])).toEqual([400, { error: 'ERR BLPOP is not served here' }]);
  });

  it('fails the next requests as scripted: an HTTP error, a lost reply after the command ran, a reset', async () => {
    server.failNext({ status: 503 }, 'lose-reply', 'reset');
    expect((await post('/', ['SET', `${prefix}f1`, 'x']))[0]).toBe(503);
    await expect(post('/', ['SET', `${prefix}f2`, 'x'])).rejects.toThrow();
    await expect(post('/', ['SET', `${prefix}f3`, 'x'])).rejects.toThrow();
    expect(await post('/', ['MGET', `${prefix}f1`, `${prefix}f2`, `${prefix}f3`])).toEqual([
      200,
      { result: [null, 'x', null] },
    ]);
  });

  it('records the commands it ran', async () => {
    await post('/', ['SET', `${prefix}recorded`, 'v', 'NX', 'PX', 1000]);
    expect(server.commands.at(-1)).toEqual(['SET', `${prefix}recorded`, 'v', 'NX', 'PX', '1000']);
  });

  it('answers 500 while Redis is unreachable', async () => {
    const orphan = await createUpstashRestServer({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const response = await fetch(`${orphan.url}/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${orphan.token}` },
        body: '["PING"]',
      });
      expect(response.status).toBe(500);
      expect((await response.json()).error).toMatch(/ECONNREFUSED/);
    } finally {
      await orphan.close();
    }
  });
});
