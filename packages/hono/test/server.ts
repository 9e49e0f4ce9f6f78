/** Serves a Hono app on Node (@hono/node-server) on a real loopback port. */
import { serve as honoServe } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Listens on `host` (default 127.0.0.1; `'::'` makes IPv4 clients' addresses IPv4-mapped) and a free port. */
export function serve(app: Pick<Hono, 'fetch'>, host: '127.0.0.1' | '::' = '127.0.0.1'): Promise<Served> {
  return new Promise((resolve) => {
    const server = honoServe({ fetch: app.fetch, port: 0, hostname: host }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
