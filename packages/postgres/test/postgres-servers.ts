/**
 * PostgreSQL for the tests: the URL the suite uses (DATABASE_URL, or what ensure-postgres.ts
 * started), and private servers made with initdb + pg_ctl in a temp dir on a free port, which
 * the outage tests stop, freeze and restart.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A table name no other run or test file uses. */
export const uniqueTable = (label: string) =>
  `fpg_test_${label}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

/** Where PostgreSQL's server programs are: on PATH, else the newest Debian install. */
export function serverBin(name: 'initdb' | 'pg_ctl' | 'postgres'): string | undefined {
  if (spawnSync(name, ['--version']).status === 0) return name;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const path = join(root, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** initdb refuses root: when we are root, the server runs as the `postgres` user. */
function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() !== 0) return { command, args };
  return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
}

/** Runs a server program (as `postgres` when we are root), without blocking the event loop. */
function run(command: string, args: string[]): Promise<string> {
  const wrapped = asServerUser(command, args);
  return new Promise((resolve, reject) => {
    execFile(wrapped.command, wrapped.args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * A port nothing listens on, below Linux's ephemeral range (32768+): a port the kernel may hand
 * to an outgoing connection meanwhile (the tests open thousands) could be taken before the
 * server binds it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
    if (attempt > 50) throw new Error('no free port found');
  }
}

export interface PostgresServer {
  port: number;
  url: string;
  dir: string;
  start(): Promise<void>;
  /** `fast`: a clean shutdown that ends every connection; `immediate`: as if the server crashed. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** SIGSTOP (SIGCONT) the postmaster and every backend: a server that accepts TCP and answers nothing. */
  freeze(): void;
  thaw(): void;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

/** A new cluster in a temp dir, started: trust auth on 127.0.0.1:<free port>, database `postgres`. */
export async function createPostgresServer(): Promise<PostgresServer> {
  const initdb = serverBin('initdb');
  const pgCtl = serverBin('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL server programs (initdb, pg_ctl) are not installed.');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fpg-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  try {
    await run(initdb, [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // fsync off: these servers hold test data only, and are crashed on purpose with `stop('immediate')`.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const pgCtlArgs = (...args: string[]) => run(pgCtl, ['-D', data, ...args]);
  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tree = () => {
    const pid = postmasterPid();
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
    return [
      pid,
      ...children
        .split('\n')
        .map(Number)
        .filter((child) => child > 0),
    ];
  };
  let running = false;
  const server: PostgresServer = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    async start() {
      try {
        await pgCtlArgs('start', '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', serverOptions);
      } catch (error) {
        const log = existsSync(join(dir, 'server.log'))
          ? readFileSync(join(dir, 'server.log'), 'utf8').slice(-2_000)
          : '(no log)';
        throw new Error(`${(error as Error).message}\nserver.log:\n${log}`);
      }
      running = true;
    },
    async stop(mode = 'fast') {
      await pgCtlArgs('stop', '-w', '-t', '60', '-m', mode);
      running = false;
    },
    freeze() {
      for (const pid of tree().reverse()) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of tree()) process.kill(pid, 'SIGCONT');
    },
    async destroy() {
      if (running) {
        try {
          server.thaw();
        } catch {}
        await server.stop('immediate').catch(() => {});
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}
