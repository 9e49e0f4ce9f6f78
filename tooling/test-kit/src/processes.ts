/** App instances in Node processes of their own (one store shared between them), and their answers to logins. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Instance {
  url: string;
  child: ChildProcess;
}

/**
 * Starts `app` (a script that listens on 127.0.0.1 and prints its port as its first line) in a
 * process of its own, with `env` added to this process's environment.
 */
export async function startInstance(app: URL, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [app.pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`an app instance (${app.pathname}) exited before it listened`);
  return { url: `http://127.0.0.1:${String(first.value).trim()}`, child };
}

export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

/** POSTs `sealed` to the instance's `/login` (header `fingerprint-sealed-result`). */
export async function login(url: string, sealed: string): Promise<{ status: number; code?: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/login`, { method: 'POST', headers: { 'fingerprint-sealed-result': sealed } });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: body.error?.code, ms: performance.now() - started };
}

/** Answers counted by status (and code), e.g. `{ '200': 1, '409 EVENT_REPLAYED': 999 }`: a failed assertion shows them all. */
export function tally(results: ReadonlyArray<{ status: number; code?: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, code } of results) {
    const label = code === undefined ? String(status) : `${status} ${code}`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
