/**
 * vitest globalSetup: a Redis answering on REDIS_URL (default redis://127.0.0.1:6379) before any
 * test runs, so that `pnpm test` works on a machine where nothing started one: it starts
 * redis-server (installing Debian's package with apt-get when missing).
 */
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => socket.end('PING\r\n'));
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

export default async function ensureRedis(): Promise<void> {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const port = Number(url.port || 6379);
  if (await answers(url.hostname, port)) return;
  if (!['127.0.0.1', 'localhost'].includes(url.hostname))
    throw new Error(`Nothing answers at ${url.host} (REDIS_URL).`);
  const has = () => spawnSync('redis-server', ['--version']).status === 0;
  if (!has()) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
  }
  if (!has()) throw new Error('redis-server is missing and apt-get could not install it.');
  spawnSync('redis-server', ['--daemonize', 'yes', '--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'inherit',
  });
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url.hostname, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not come up on port ${port}.`);
}
