/** Serves a Web-standard route handler over real HTTP on loopback, as Next's server would call it. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The header this harness sets to the socket's address, standing in for what a trusted proxy
 * would set in front of Next; a client's own value of it is dropped.
 */
export const HARNESS_CLIENT_IP = 'x-harness-client-ip';

export async function serveHandler(
  handler: RouteHandler,
  host: '127.0.0.1' | '::' = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === HARNESS_CLIENT_IP) continue;
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
    }
    headers.set(HARNESS_CLIENT_IP, req.socket.remoteAddress ?? '');
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(await readAll(req));
    // The URL as Next gives it: the Host header (port included) and the path.
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url}`, {
      method: req.method,
      headers,
      body,
    });
    let response: Response;
    try {
      response = await handler(request, { params: Promise.resolve({}) });
    } catch {
      // What Next does with a handler that throws: a bare 500.
      response = new Response('Internal Server Error', { status: 500 });
    }
    // As Next does: each Set-Cookie stays its own header (Headers iteration would join them).
    const outgoing: Record<string, string | string[]> = Object.fromEntries(response.headers);
    if (response.headers.has('set-cookie')) outgoing['set-cookie'] = response.headers.getSetCookie();
    res.writeHead(response.status, outgoing);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/login`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
