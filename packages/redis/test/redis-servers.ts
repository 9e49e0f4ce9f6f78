/** Disposable redis-server processes on their own ports, for cluster and outage tests. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RedisServer {
  port: number;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

// Below Linux's ephemeral range (32768+), where a client socket may hold a port, with room for a
// cluster node's bus port (its port + 10,000): a taken port made redis-server exit and CI wait.
const randomPort = () => 10_000 + Math.floor(Math.random() * 12_000);

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.end('PING\r\n'));
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts redis-server in the foreground of a child process; `port` reuses one (a restart). */
export async function startRedis(options: { port?: number; args?: string[]; dir?: string } = {}): Promise<RedisServer> {
  const port = options.port ?? randomPort();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'fpg-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...(options.args ?? []),
    ],
    {
      stdio: 'ignore',
    },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await until(async () => {
    // A port some other process holds: it exits at once; say so rather than wait out the time-out.
    if (exited) throw new Error(`redis-server on ${port} exited (port taken?)`);
    return answers(port);
  }, `redis-server on ${port}`);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real three-master Redis Cluster on loopback. */
export async function startCluster(): Promise<{ nodes: RedisServer[]; stop(): Promise<void> }> {
  const base = randomPort();
  const nodes = await Promise.all(
    [0, 1, 2].map((i) =>
      startRedis({ port: base + i, args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] }),
    ),
  );
  const created = spawnSync(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ],
    { encoding: 'utf8' },
  );
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stderr}`);
  await until(async () => {
    const info = spawnSync('redis-cli', ['-p', String(nodes[0]!.port), 'cluster', 'info'], { encoding: 'utf8' });
    return info.stdout.includes('cluster_state:ok');
  }, 'the cluster');
  return { nodes, stop: async () => void (await Promise.all(nodes.map((node) => node.stop()))) };
}
