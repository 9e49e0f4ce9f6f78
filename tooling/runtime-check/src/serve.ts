/** Serves a Web `fetch` handler with the runtime's own HTTP server (Bun.serve, Deno.serve) on 127.0.0.1. */

export interface Served {
  url: string;
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

interface BunRuntime {
  serve(options: { port: number; hostname: string; fetch: FetchHandler }): { port: number; stop(): unknown };
}
interface DenoRuntime {
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    handler: FetchHandler,
  ): { finished: Promise<void>; shutdown(): Promise<void> };
}

const runtime = globalThis as { Bun?: BunRuntime; Deno?: DenoRuntime };

/** The runtime running this check: `bun` or `deno`. */
export const RUNTIME = runtime.Bun ? 'bun' : runtime.Deno ? 'deno' : 'node';

export async function serveFetch(fetch: FetchHandler): Promise<Served> {
  if (runtime.Bun) {
    const server = runtime.Bun.serve({ port: 0, hostname: '127.0.0.1', fetch });
    return { url: `http://127.0.0.1:${server.port}`, close: async () => void server.stop() };
  }
  if (runtime.Deno) {
    let listening!: (port: number) => void;
    const port = new Promise<number>((resolve) => (listening = resolve));
    const options = {
      port: 0,
      hostname: '127.0.0.1',
      onListen: (address: { port: number }) => listening(address.port),
    };
    const server = runtime.Deno.serve(options, fetch);
    return { url: `http://127.0.0.1:${await port}`, close: () => server.shutdown() };
  }
  throw new Error('serveFetch runs on Bun or Deno.');
}
