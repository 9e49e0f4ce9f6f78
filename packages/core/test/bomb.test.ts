import { createDeflateRaw, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectGuardError, generateKey, sealPlaintext, UNSEALERS } from './helpers.js';

const BOMB_BYTES = 64 * 1024 * 1024;
const MiB = 1024 * 1024;

/** Raw-deflates BOMB_BYTES of zeros from one reused 1 MiB chunk, so building it stays small. */
async function deflateZeros(): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < BOMB_BYTES; written += MiB) {
    if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

/** Peak resident memory so far, in bytes: it rises whenever anything touches new memory. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

describe('a sealed decompression bomb', () => {
  const key = generateKey();
  let deflated: Buffer;
  let sealed: string;

  // Peak RSS only ever rises: every runtime's bounded run comes first, the unbounded control last.
  it.each(UNSEALERS)(
    `inflating to ${BOMB_BYTES / MiB} MiB is stopped at maxPayloadBytes without allocating it: %s`,
    async (_runtime, createUnsealer) => {
      deflated ??= await deflateZeros();
      sealed ??= sealPlaintext(deflated, key);
      // The bomb's own sealed size (~64 KiB) is over the default input cap, which would stop it
      // even earlier; raise that cap so that the inflate limit is what is tested.
      const unsealer = createUnsealer({ keys: [key], maxSealedBytes: 256 * 1024 });
      const before = peakRss();
      const error = await expectGuardError(unsealer.unseal(sealed), 'SEALED_RESULT_TOO_LARGE');
      expect(peakRss() - before).toBeLessThan(16 * MiB);
      expect(error.status).toBe(413);
      expect(error.message).toContain('maxPayloadBytes');
      // And at the default input cap it is refused before it is even decoded.
      await expectGuardError(createUnsealer({ keys: [key] }).unseal(sealed), 'SEALED_RESULT_TOO_LARGE');
    },
  );

  it('control: the same measurement sees the bomb when nothing bounds the inflate', () => {
    const before = peakRss();
    expect(inflateRawSync(deflated).length).toBe(BOMB_BYTES);
    expect(peakRss() - before).toBeGreaterThan(BOMB_BYTES / 2);
  });
});
