/** Raw inflate in pure JavaScript (pako), for runtimes without a working DecompressionStream. */
import { Inflate } from 'pako';
import { concatBytes } from '../bytes.js';
import { inflateTooLarge, notDeflated } from './runtime-web.js';

/** Chunk of inflated output produced at a time: the most ever held beyond `maxBytes`. */
const CHUNK_BYTES = 16 * 1024;

/**
 * Next's Edge sandbox stubs DecompressionStream to throw, and Vercel's emulator lacks it. pako
 * hands its output over in `CHUNK_BYTES` pieces; throwing from `onData` at the budget stops a bomb
 * there, without allocating the rest.
 */
export function inflateWithPako(data: Uint8Array, maxBytes: number): Uint8Array {
  const inflator = new Inflate({ raw: true, chunkSize: CHUNK_BYTES });
  const chunks: Uint8Array[] = [];
  let total = 0;
  inflator.onData = (chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw inflateTooLarge(maxBytes);
    chunks.push(chunk as Uint8Array);
  };
  inflator.onEnd = () => {};
  inflator.push(data, true);
  if (inflator.err || !inflator.ended) throw notDeflated(inflator.msg || 'incomplete deflate stream');
  return concatBytes(chunks, total);
}
