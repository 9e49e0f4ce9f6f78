/** One raw HTTP/1.1 exchange over a socket: for requests a well-behaved client would never send. */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  body: string;
  millis: number;
}

/**
 * Writes `head` and `body` (each at once, or `body` in slices every `trickleMs`), then reads the
 * response until the server closes or `timeoutMs` passes (status 0 then).
 */
export function rawRequest(
  port: number,
  head: string | Buffer,
  body: Buffer = Buffer.alloc(0),
  options: { trickleMs?: number; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const separator = text.indexOf('\r\n\r\n');
      resolve({ status, body: separator === -1 ? '' : text.slice(separator + 4), millis: performance.now() - started });
    };
    const deadline = setTimeout(finish, options.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One response is all we wait for: stop once its head and declared body have arrived.
      const text = Buffer.concat(chunks).toString('latin1');
      const separator = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      if (separator !== -1 && length !== undefined && text.length - separator - 4 >= Number(length)) finish();
    });
    socket.on('close', finish);
    socket.on('error', () => {});
    socket.write(head);
    if (options.trickleMs) {
      let offset = 0;
      timer = setInterval(() => {
        if (offset >= body.length || socket.destroyed) return clearInterval(timer);
        socket.write(body.subarray(offset, offset + 1));
        offset++;
      }, options.trickleMs);
    } else if (body.length) {
      socket.write(body);
    }
  });
}
