// Variants of an adapter's bench app, each its own server in this one process, driven without TCP: real
// IncomingMessage and ServerResponse objects on a socket that discards what it is written, one request at
// a time, each with its own sealed result. The parent (inproc.ts) sends a round's sealed results and the
// variant to serve them, and gets back this process's CPU time per request (user + system,
// process.cpuUsage) for them. The parent seals them, so that this heap holds what a server's does: a
// child that made all of its own up front kept some 80 MB of them, for every major GC in a measured
// window to mark.
// argv: the app module's path, the variants (comma-separated). Env: BENCH_SEALED_KEY.
import { IncomingMessage, type RequestListener, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { NullSocket } from './null-socket.js';
import type { CreateBenchServer } from './serve.js';

export interface InprocAsk {
  /** Index into the variants this process serves. */
  variant: number;
  /** One per request, each never sent before. */
  sealed: string[];
  /** Warm-up: answered without a figure. */
  warmup?: boolean;
}
export interface InprocAnswer {
  cpuUsPerRequest?: number;
  failed: number;
}

const [appPath, variants] = process.argv.slice(2) as [string, string];
const key = process.env.BENCH_SEALED_KEY!;
const { createBenchServer } = (await import(pathToFileURL(appPath).href)) as { createBenchServer: CreateBenchServer };
// The listener each server calls for a request: the framework as it runs over HTTP.
const listeners: RequestListener[] = [];
for (const variant of variants.split(',')) {
  listeners.push((await createBenchServer(variant, key)).listeners('request')[0] as RequestListener);
}

/** One POST /login through `listener`; resolves true for a 2xx answer. */
function request(listener: RequestListener, sealed: string): Promise<boolean> {
  return new Promise((resolve) => {
    // A socket per request, as one keep-alive connection would not be: some frameworks leave
    // listeners on a socket, and a response on a reused one never finishes.
    const socket = new NullSocket();
    const req = new IncomingMessage(socket as never);
    // What Node's HTTP/1.1 parser sets on a request it parsed.
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    req.method = 'POST';
    req.url = '/login';
    req.headers = { host: 'bench', 'content-length': '0', 'fingerprint-sealed-result': sealed };
    req.rawHeaders = ['host', 'bench', 'content-length', '0', 'fingerprint-sealed-result', sealed];
    req.push(null);
    const res = new ServerResponse(req);
    res.assignSocket(socket as never);
    res.on('finish', () => resolve(res.statusCode >= 200 && res.statusCode < 300));
    listener(req, res);
  });
}

process.on('message', async ({ variant, sealed, warmup }: InprocAsk) => {
  const listener = listeners[variant]!;
  let failed = 0;
  const before = process.cpuUsage();
  for (const one of sealed) if (!(await request(listener, one))) failed++;
  const used = process.cpuUsage(before);
  const answer: InprocAnswer = {
    failed,
    cpuUsPerRequest: warmup ? undefined : (used.user + used.system) / sealed.length,
  };
  process.send!(answer);
});
// Exit cleanly on a signal (the parent's kill() sends SIGTERM) so that --cpu-prof can write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
process.send!({ failed: 0 } satisfies InprocAnswer);
