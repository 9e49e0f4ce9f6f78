/** Starts an app on a real loopback port for the duration of a test file. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Listens on `host` (default 127.0.0.1; `'::'` makes IPv4 clients' addresses IPv4-mapped) and a free port. */
export function serve(app: (req: never, res: never) => void, host: '127.0.0.1' | '::' = '127.0.0.1'): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server: Server = (
      app as unknown as { listen: (port: number, host: string, cb: () => void) => Server }
    ).listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.on('error', reject);
  });
}
