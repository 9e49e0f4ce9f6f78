/** Reads a Web stream into bytes, stopping at a cap: no peer can make us buffer more than that. */
import { concatBytes } from '../bytes.js';

/**
 * All of `stream` as one `Uint8Array`, or `undefined` (and the stream cancelled) as soon as it
 * passes `maxBytes`.
 */
export async function readStreamCapped(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: cancelling one branch of a teed stream (a `request.clone()`'s body) settles
      // only once the other branch is cancelled too, which the handler that reads it never does.
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}
