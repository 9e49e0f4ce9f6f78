// The measured alternative to pako: DecompressionStream read under a byte budget. Not shipped
// (slower than pako on Node and in workerd, and missing or stubbed on Vercel's Edge); kept here so
// the benchmark can show that, side by side, in one run.
import { readStreamCapped } from '../src/http/read-capped.js';
import { inflateTooLarge, notDeflated } from '../src/sealed/runtime-web.js';

export async function inflateWithStream(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readStreamCapped(stream, maxBytes);
  } catch (error) {
    throw notDeflated(error);
  }
  if (bytes === undefined) throw inflateTooLarge(maxBytes);
  return bytes;
}
