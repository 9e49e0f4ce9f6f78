// One variant of an adapter's bench app, driven in this process without TCP: real IncomingMessage and
// ServerResponse objects on a socket that discards what it is written, one request at a time, each with
// its own sealed result. The parent (inproc.ts) asks for a number of requests and gets back this
// process's CPU time per request (user + system, process.cpuUsage) for them. Every sealed result is made
// before the first request, so that neither sealing nor its garbage falls in a measured window.
// argv: the app module's path, the variant, how many sealed results to make. Env: BENCH_SEALED_KEY.
import { IncomingMessage, type RequestListener, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createEvent, sealEvent } from '@fingerprint-guard/testing';
import { NullSocket } from './null-socket.js';
import type { CreateBenchServer } from './serve.js';

export interface InprocAsk {
  requests: number;
  /** Warm-up: answered without a figure. */
  warmup?: boolean;
}
export interface InprocAnswer {
  cpuUsPerRequest?: number;
  failed: number;
}

const [appPath, variant, total] = process.argv.slice(2) as [string, string, string];
const key = process.env.BENCH_SEALED_KEY!;
const { createBenchServer } = (await import(pathToFileURL(appPath).href)) as { createBenchServer: CreateBenchServer };
const server = await createBenchServer(variant, key);
// The listener the server calls for each request: the framework as it runs over HTTP.
const listener = server.listeners('request')[0] as RequestListener;

/** One POST /login through the listener; resolves true for a 2xx answer. */
function request(sealed: string): Promise<boolean> {
  return new Promise((resolve) => {
    // A socket per request, as one keep-alive connection would not be: some frameworks leave
    // listeners on a socket, and a response on a reused one never finishes.
    const socket = new NullSocket();
    const req = new IncomingMessage(socket as never);
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

const sealed = Array.from({ length: Number(total) }, () =>
  sealEvent(createEvent({ linked_id: 'account-8c1f2e', tags: { route: 'login' } }), key),
);
let next = 0;

process.on('message', async ({ requests, warmup }: InprocAsk) => {
  let failed = 0;
  const before = process.cpuUsage();
  for (const end = next + requests; next < end; next++) if (!(await request(sealed[next]!))) failed++;
  const used = process.cpuUsage(before);
  const answer: InprocAnswer = { failed, cpuUsPerRequest: warmup ? undefined : (used.user + used.system) / requests };
  process.send!(answer);
});
// Exit cleanly on a signal so that --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));
process.send!({ failed: 0 } satisfies InprocAnswer);
