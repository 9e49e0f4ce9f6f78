/** What the attack runs share: an app on a loopback port, a client that never hangs, answers as codes. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** `http://127.0.0.1:<port>` */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 and a free port; attach the app later with `server.on('request', app)` when it needs the origin. */
export async function listen(listener?: RequestListener): Promise<Listening> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  /** 0: no answer within the client's time-out (a hang). */
  status: number;
  /** The guard's `error.code`, when the body carries one. */
  code?: string;
  body: string;
  millis: number;
}

/**
 * One request with its own give-up timer. The timer is a plain `setTimeout`, held by the event
 * loop, so a forced garbage collection cannot drop it (an unreferenced `AbortSignal.timeout()` can).
 */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
  giveUpMs = 20_000,
): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), giveUpMs);
  init.signal?.addEventListener('abort', () => controller.abort());
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? 'POST',
      headers: init.headers,
      body: init.body,
      signal: controller.signal,
    });
    const body = await response.text();
    return { status: response.status, code: codeOf(body), body, millis: performance.now() - started };
  } catch {
    return { status: 0, body: '', millis: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** `200`, `503 PROVIDER_UNAVAILABLE`, `0 no answer`: how the tables show an answer. */
export const outcomeOf = (answer: Answer) =>
  answer.status === 0 ? '0 no answer' : answer.code ? `${answer.status} ${answer.code}` : `${answer.status}`;

function codeOf(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Adds one to `counts[key]`. */
export const tally = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * The Node bridge a Next server provides for a route handler: a Web Request in, a Web Response
 * out, and a handler that throws answered 500, as Next does.
 */
export function nextRoute(handler: (request: Request) => Promise<Response>): RequestListener {
  return async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return void res.destroy();
    }
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(Buffer.concat(chunks));
    let response: Response;
    try {
      response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
    } catch {
      response = new Response('Internal Server Error', { status: 500 });
    }
    const payload = Buffer.from(await response.arrayBuffer());
    if (res.destroyed) return;
    res.writeHead(response.status, {
      'content-type': response.headers.get('content-type') ?? 'text/plain',
      'content-length': payload.length,
    });
    res.end(payload);
  };
}
