// The example as a developer runs it: `wrangler dev`, offline (workerd, the Durable Object in
// local SQLite storage), driven over HTTP on loopback.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const here = fileURLToPath(new URL('..', import.meta.url));
const key = generateKey();
let wrangler;
let state;
let base;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  state = mkdtempSync(join(tmpdir(), 'fpg-wrangler-'));
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)];
  args.push('--persist-to', state, '--var', `FP_SEALED_KEYS:${key}`, '--show-interactive-dev-session=false');
  wrangler = spawn(join(here, 'node_modules/.bin/wrangler'), args, {
    cwd: here,
    detached: true, // its own process group: wrangler and its workerd stop together
    // Offline: no Request.cf download, no metrics.
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${output}`)), 90_000);
    const read = (chunk) => {
      output += chunk;
      if (output.includes('Ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    wrangler.stdout.on('data', read);
    wrangler.stderr.on('data', read);
    wrangler.once('exit', (code) => reject(new Error(`wrangler dev exited ${code}:\n${output}`)));
  });
  base = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(() => {
  if (wrangler?.exitCode === null) process.kill(-wrangler.pid, 'SIGTERM');
  if (state) rmSync(state, { recursive: true, force: true });
});

const login = async (sealed) => {
  const response = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: sealed ? { 'fingerprint-sealed-result': sealed } : {},
  });
  return [response.status, await response.json()];
};

describe('the Hono Workers example under wrangler dev', () => {
  it('accepts a sealed result once and answers its replay 409', async () => {
    const sealed = sealEvent(
      createEvent({ identification: { visitor_id: 'visitor-workers', visitor_found: true, confidence: { score: 1 } } }),
      key,
    );
    expect(await login(sealed)).toEqual([200, { visitorId: 'visitor-workers', eventId: expect.any(String) }]);
    expect(await login(sealed)).toMatchObject([409, { error: { code: 'EVENT_REPLAYED' } }]);
    expect(await login()).toMatchObject([401, { error: { code: 'CREDENTIAL_MISSING' } }]);
  });

  it('accepts exactly one of 120 concurrent requests carrying one sealed result', async () => {
    const sealed = sealEvent(createEvent(), key);
    const answers = await Promise.all(Array.from({ length: 120 }, () => login(sealed)));
    expect(answers.filter(([status]) => status === 200)).toHaveLength(1);
    expect(answers.filter(([status]) => status === 409)).toHaveLength(119);
  });
});
