// `FP_OTEL=console pnpm demo`: the example (an ESM app) registers the SDK, and each guarded request
// prints its span. Before the ESM build found @opentelemetry/api, nothing of the guard was printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: ChildProcess;
let origin = '';
let printed = '';

beforeAll(async () => {
  const main = fileURLToPath(new URL('../src/server.js', import.meta.url));
  server = spawn(process.execPath, [main], {
    env: { ...process.env, FP_OTEL: 'console', PORT: '0', HOST: '127.0.0.1', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: server.stdout! })) {
    printed += `${line}\n`;
    const url = /fingerprint-guard demo: (http:\/\/[^/]+)\//.exec(line)?.[1];
    if (url) {
      origin = url;
      break;
    }
  }
  server.stdout!.on('data', (chunk) => (printed += chunk));
});
afterAll(() => server?.kill());

describe('the Express example with FP_OTEL=console', () => {
  it('prints the guard’s span for a guarded request', async () => {
    const response = await fetch(`${origin}/api/login`, { method: 'POST' });
    expect(response.status).toBe(401);
    // Up to 10 s for the exporter's output to arrive through the pipe.
    for (let attempt = 0; attempt < 100 && !printed.includes("'fingerprint_guard.outcome'"); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(printed).toContain("name: 'fingerprint-guard verify'");
    expect(printed).toContain("'fingerprint_guard.outcome': 'CREDENTIAL_MISSING'");
  });
});
