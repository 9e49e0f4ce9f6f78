/** Starts a Fastify app on a real loopback port for the duration of a test. */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Listens on `host` (default 127.0.0.1; `'::'` makes IPv4 clients' addresses IPv4-mapped) and a free port. */
export async function serve(app: FastifyInstance, host: '127.0.0.1' | '::' = '127.0.0.1'): Promise<Served> {
  await app.listen({ port: 0, host });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
