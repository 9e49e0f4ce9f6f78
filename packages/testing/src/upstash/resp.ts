/** A minimal RESP2 client over one pipelined TCP connection: what the local Upstash REST server needs. */
import { connect, type Socket } from 'node:net';

/** A reply as Redis sent it: bulk strings stay bytes, so the REST layer can base64 them. */
export type RespReply =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'bulk'; value: Buffer }
  | { type: 'null' }
  | { type: 'array'; value: RespReply[] };

export interface RespConnection {
  /** Writes `commands` in one piece (so a MULTI … EXEC is never interleaved) and resolves one reply each. */
  send(commands: string[][]): Promise<RespReply[]>;
  close(): void;
}

interface Pending {
  resolve(reply: RespReply): void;
  reject(error: Error): void;
}

const CRLF = '\r\n';

function encode(commands: string[][]): Buffer {
  let text = '';
  for (const args of commands) {
    text += `*${args.length}${CRLF}`;
    for (const arg of args) text += `$${Buffer.byteLength(arg)}${CRLF}${arg}${CRLF}`;
  }
  return Buffer.from(text);
}

/** Parses one reply at `offset`; `undefined` when the buffer does not hold all of it yet. */
function parse(buffer: Buffer, offset: number): { reply: RespReply; next: number } | undefined {
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd === -1) return undefined;
  const kind = String.fromCharCode(buffer[offset]!);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (kind) {
    case '+':
      return { reply: { type: 'simple', value: line }, next };
    case '-':
      return { reply: { type: 'error', value: line }, next };
    case ':':
      return { reply: { type: 'integer', value: Number(line) }, next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: { type: 'null' }, next };
      if (buffer.length < next + length + 2) return undefined;
      return {
        reply: { type: 'bulk', value: Buffer.from(buffer.subarray(next, next + length)) },
        next: next + length + 2,
      };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: { type: 'null' }, next };
      const items: RespReply[] = [];
      let cursor = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, cursor);
        if (!item) return undefined;
        items.push(item.reply);
        cursor = item.next;
      }
      return { reply: { type: 'array', value: items }, next: cursor };
    }
    default:
      throw new Error(`Unexpected RESP type byte ${JSON.stringify(kind)}.`);
  }
}

/** Connects to `redis://host:port`; replies come back in the order the commands were sent. */
export function connectResp(url: string): Promise<RespConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.setNoDelay(true);
    const pending: Pending[] = [];
    let buffer: Buffer = Buffer.alloc(0);
    let failed: Error | undefined;

    const fail = (error: Error) => {
      failed ??= error;
      for (const waiting of pending.splice(0)) waiting.reject(failed);
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      let offset = 0;
      try {
        for (let item = parse(buffer, offset); item; item = parse(buffer, offset)) {
          offset = item.next;
          pending.shift()?.resolve(item.reply);
        }
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      buffer = buffer.subarray(offset);
    });
    socket.once('connect', () =>
      resolve({
        send(commands) {
          if (failed) return Promise.reject(failed);
          const replies = commands.map(
            () =>
              new Promise<RespReply>((resolveReply, rejectReply) =>
                pending.push({ resolve: resolveReply, reject: rejectReply }),
              ),
          );
          socket.write(encode(commands));
          return Promise.all(replies);
        },
        close: () => socket.end(),
      }),
    );
    socket.once('error', (error) => {
      fail(error);
      reject(error);
    });
    socket.once('close', () => fail(new Error('The Redis connection closed.')));
  });
}
