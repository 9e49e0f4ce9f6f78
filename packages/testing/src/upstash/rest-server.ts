/** createUpstashRestServer: Upstash's Redis REST protocol on loopback, over a real redis-server. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectResp, type RespConnection, type RespReply } from './resp.js';

export interface UpstashRestServerOptions {
  /** The Redis that runs the commands. Default `process.env.REDIS_URL`, else `redis://127.0.0.1:6379`. */
  redisUrl?: string;
  /** The Bearer token clients must send. Default `'test-upstash-token'`. */
  token?: string;
}

/**
 * What the next request gets instead of its answer: an HTTP error, no answer at all (`'hang'`),
 * a dropped connection before the command runs (`'reset'`), or after it ran (`'lose-reply'`:
 * the client cannot know whether its command took effect).
 */
export type UpstashRestFailure = { status: number; body?: string } | 'hang' | 'reset' | 'lose-reply';

export interface UpstashRestServer {
  /** `http://127.0.0.1:<port>`: the `url` of an `@upstash/redis` client. */
  url: string;
  token: string;
  /** The most recent commands run (up to 10,000), as sent: `['set', 'key', 'value', 'nx', …]`. */
  commands: string[][];
  /** The next requests fail like this, one failure each, in order. */
  failNext(...failures: UpstashRestFailure[]): void;
  close(): Promise<void>;
}

type Json = string | number | null | Json[];
type Command = string[];

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RECORDED = 10_000;
/** Commands that would block or change the state of the one shared connection. */
const REFUSED = new Set(
  'MULTI EXEC DISCARD WATCH UNWATCH SELECT AUTH HELLO RESET QUIT CLIENT MONITOR SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP WAIT WAITAOF'.split(
    ' ',
  ),
);

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A real HTTP server on 127.0.0.1 (random port) that speaks the REST protocol of Upstash Redis
 * as `@upstash/redis` uses it, and runs every command on a real Redis: `POST /` with one command
 * as a JSON array, `POST /pipeline` and `POST /multi-exec` (atomic, as `MULTI … EXEC`) with an
 * array of them, Bearer token (or `_token`) authentication, and `Upstash-Encoding: base64`
 * answers (every string base64 but `"OK"`). For offline tests and benchmarks of code written
 * for Upstash or Vercel KV; not a production proxy (one connection to Redis, no TLS).
 *
 * @example
 * const upstash = await createUpstashRestServer();
 * const redis = new Redis({ url: upstash.url, token: upstash.token });
 * await redis.set('greeting', 'hello');
 * await upstash.close();
 */
export async function createUpstashRestServer(options: UpstashRestServerOptions = {}): Promise<UpstashRestServer> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const token = options.token ?? 'test-upstash-token';
  const commands: string[][] = [];
  const failures: UpstashRestFailure[] = [];
  let connection: Promise<RespConnection> | undefined;

  /** One connection, opened at the first request and again after it failed. */
  const redis = () => {
    connection ??= connectResp(redisUrl).catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };
  const run = async (batch: Command[]) => {
    const open = await redis();
    for (const command of batch) commands.push(command);
    if (commands.length > MAX_RECORDED) commands.splice(0, commands.length - MAX_RECORDED);
    return open.send(batch).catch((error: unknown) => {
      connection = undefined; // the next request reconnects
      throw error;
    });
  };

  async function answer(req: IncomingMessage, url: URL): Promise<{ status: number; json: unknown }> {
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const reply = (value: RespReply) => toJson(value, base64);
    const body = await readBody(req);
    if (url.pathname === '/') {
      const [result] = await run([toCommand(body)]);
      if (result!.type === 'error') return { status: 400, json: { error: result!.value } };
      return { status: 200, json: { result: reply(result!) } };
    }
    const batch = toBatch(body);
    if (url.pathname === '/pipeline') {
      return { status: 200, json: (await run(batch)).map((item) => itemJson(item, reply)) };
    }
    if (url.pathname === '/multi-exec') {
      const replies = await run([['MULTI'], ...batch, ['EXEC']]);
      const exec = replies.at(-1)!;
      if (exec.type !== 'array') return { status: 400, json: { error: errorText(exec, replies) } };
      return { status: 200, json: exec.value.map((item) => itemJson(item, reply)) };
    }
    throw new RequestError(404, `ERR unknown endpoint ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://upstash.local');
    const send = (status: number, json: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (req.method !== 'POST' && req.method !== 'PUT') return send(405, { error: 'ERR only POST and PUT are served' });
    const given =
      req.headers.authorization ?? (url.searchParams.has('_token') ? `Bearer ${url.searchParams.get('_token')}` : '');
    if (given !== `Bearer ${token}`) return send(401, { error: 'Unauthorized' });
    const failure = failures.shift();
    if (failure === 'hang') return;
    if (failure === 'reset') return void res.destroy();
    if (typeof failure === 'object') {
      return void res
        .writeHead(failure.status, { 'content-type': 'application/json' })
        .end(failure.body ?? JSON.stringify({ error: `ERR fake failure ${failure.status}` }));
    }
    try {
      const { status, json } = await answer(req, url);
      if (failure === 'lose-reply') return void res.destroy();
      send(status, json);
    } catch (error) {
      if (error instanceof RequestError) return send(error.status, { error: error.message });
      send(500, { error: `ERR ${(error as Error).message}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    failNext: (...next) => void failures.push(...next),
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (connection) (await connection.catch(() => undefined))?.close();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY_BYTES) throw new RequestError(413, 'ERR max request size exceeded');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'ERR failed to parse the request body as JSON');
  }
}

/** `["SET", "k", "v", "PX", 1000]` → strings; the command name as sent (Redis ignores its case). */
function toCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0)
    throw new RequestError(400, 'ERR a command is a non-empty JSON array');
  const command = value.map((arg) => {
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    throw new RequestError(400, 'ERR command arguments are strings or numbers');
  });
  if (REFUSED.has(command[0]!.toUpperCase())) throw new RequestError(400, `ERR ${command[0]} is not served here`);
  return command;
}

function toBatch(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new RequestError(400, 'ERR a pipeline is a non-empty JSON array of commands');
  return value.map(toCommand);
}

function itemJson(item: RespReply, reply: (value: RespReply) => Json): { result: Json } | { error: string } {
  return item.type === 'error' ? { error: item.value } : { result: reply(item) };
}

/** Why a transaction was discarded: EXEC's error, or the first command Redis refused to queue. */
function errorText(exec: RespReply, replies: RespReply[]): string {
  const queued = replies.find((reply) => reply.type === 'error' && reply !== exec);
  if (queued?.type === 'error') return queued.value;
  return exec.type === 'error' ? exec.value : 'ERR the transaction was discarded';
}

/** A Redis reply as Upstash's JSON: with base64, every string but a status `OK` is base64. */
function toJson(reply: RespReply, base64: boolean): Json {
  switch (reply.type) {
    case 'simple':
      return base64 && reply.value !== 'OK' ? Buffer.from(reply.value).toString('base64') : reply.value;
    case 'bulk':
      return reply.value.toString(base64 ? 'base64' : 'utf8');
    case 'integer':
      return reply.value;
    case 'null':
      return null;
    case 'array':
      return reply.value.map((item) => toJson(item, base64));
    case 'error':
      return reply.value;
  }
}
