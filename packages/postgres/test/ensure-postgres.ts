/**
 * vitest globalSetup: a PostgreSQL answering on DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) before any test runs, so that `pnpm test` works on a
 * machine where nothing started one. In order: the server already answering; Debian's cluster
 * started with pg_ctlcluster (and the database created when missing); else a private server
 * (initdb + pg_ctl on a free port, removed after the run), installing Debian's `postgresql`
 * with apt-get when its programs are missing. Tests read the URL with `inject('databaseUrl')`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPostgresServer, DEFAULT_DATABASE_URL, serverBin } from './postgres-servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** undefined when `url` answers `SELECT 1`; else the error's SQLSTATE or Node code. */
async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return String((error as { code?: unknown }).code ?? (error as Error).message);
  } finally {
    await client.end().catch(() => {});
  }
}

function debianClusterStart(): boolean {
  if (!existsSync('/etc/postgresql')) return false;
  for (const version of readdirSync('/etc/postgresql')) {
    if (!existsSync(`/etc/postgresql/${version}/main`)) continue;
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
  }
  return true;
}

async function waitFor(url: string): Promise<string | undefined> {
  let failure = await probe(url);
  for (let attempt = 0; attempt < 50 && failure !== undefined && failure !== '3D000'; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    failure = await probe(url);
  }
  return failure;
}

export default async function ensurePostgres(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const parsed = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
  let failure = await probe(url);
  if (failure !== undefined && failure !== '3D000' && local && debianClusterStart()) failure = await waitFor(url);
  if (failure === '3D000') {
    // The server answers but the database is missing: create it (a quoted name, any name is fine).
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE "${decodeURIComponent(parsed.pathname.slice(1)).replaceAll('"', '""')}"`);
    await client.end();
    failure = await probe(url);
  }
  if (failure === undefined) {
    project.provide('databaseUrl', url);
    return undefined;
  }
  if (!local || process.env.DATABASE_URL) {
    // Never print the URL: it may hold a password.
    throw new Error(`PostgreSQL at ${parsed.host} (DATABASE_URL) does not answer: ${failure}.`);
  }
  if (!serverBin('initdb')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
    if (debianClusterStart() && (await waitFor(url)) === undefined) {
      project.provide('databaseUrl', url);
      return undefined;
    }
  }
  if (!serverBin('initdb')) throw new Error('PostgreSQL is not installed and apt-get could not install it.');
  const server = await createPostgresServer();
  project.provide('databaseUrl', server.url);
  return () => server.destroy();
}
