/** The HTTP plumbing the provider fakes share: a loopback server, latency, scripted failures. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A failure the next request gets instead of its real answer. */
export type FakeFailure =
  | { status: number; retryAfter?: number | string; body?: string }
  | 'malformed'
  | 'hang'
  | 'reset'
  /** 200 and the headers at once, then a few bytes of body and nothing more: a provider stalled mid-body. */
  | 'stall-body'
  /** 200 and the headers at once, then the body one byte every 100 ms, without end. */
  | 'trickle-body';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string's parameters (the last of a repeated name), when it has any. */
  query?: Record<string, string>;
  authorization?: string;
  /** The `Auth-API-Key` header (how the v3 Server API takes the secret key). */
  apiKey?: string;
  body?: unknown;
}

export interface FakeReply {
  status: number;
  json?: unknown;
  text?: string;
  javascript?: string;
}

export interface FakeServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The next requests (any endpoint) fail like this, one failure each, in order. */
  failNext(...failures: FakeFailure[]): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Added before every answer, ms. Default 0. */
  latencyMs?: number;
}

const cors = { 'access-control-allow-origin': '*' };

/** Starts a server on 127.0.0.1 and a random port that answers with `route(request)`. */
export async function startFakeServer(
  route: (request: RecordedRequest) => FakeReply | Promise<FakeReply>,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const failures: FakeFailure[] = [];
  const server = createServer((req, res) => {
    // Browsers call the fake cside's /client from the app's origin: answer the CORS preflight.
    if (req.method === 'OPTIONS')
      return void res.writeHead(204, { ...cors, 'access-control-allow-headers': 'content-type' }).end();
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      ...(url.search === '' ? {} : { query: Object.fromEntries(url.searchParams) }),
      authorization: req.headers.authorization,
      apiKey: typeof req.headers['auth-api-key'] === 'string' ? req.headers['auth-api-key'] : undefined,
      body: await readJson(req),
    };
    requests.push(recorded);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const failure = failures.shift();
    if (failure === 'hang') return; // never answers; the client's time-out must end it
    if (failure === 'reset') return void res.destroy();
    if (failure === 'stall-body' || failure === 'trickle-body') {
      res.writeHead(200, { 'content-type': 'application/json' }).write('{"status": ');
      if (failure === 'stall-body') return;
      const trickle = setInterval(() => res.write(' '), 100);
      return void res.on('close', () => clearInterval(trickle));
    }
    if (failure === 'malformed')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "comp');
    if (failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      return void res
        .writeHead(failure.status, headers)
        .end(failure.body ?? JSON.stringify({ error: `fake failure ${failure.status}` }));
    }
    const reply = await route(recorded);
    if (reply.javascript !== undefined)
      return void res.writeHead(reply.status, { 'content-type': 'text/javascript', ...cors }).end(reply.javascript);
    if (reply.text !== undefined)
      return void res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.text);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(reply.json ?? {}));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (...next) => void failures.push(...next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `Bearer <key>` exactly. */
export const hasBearer = (request: RecordedRequest, key: string) => request.authorization === `Bearer ${key}`;
