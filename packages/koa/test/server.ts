/** Starts a Koa app on a real loopback port. */
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export async function serve(
  app: Koa,
  host: '127.0.0.1' | '::' = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, host);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
