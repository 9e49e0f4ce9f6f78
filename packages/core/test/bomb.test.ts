import { createDeflateRaw, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createUnsealer } from '../src/index.js';
import { expectGuardError, generateKey, sealPlaintext } from './helpers.js';

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
  it(`inflating to ${BOMB_BYTES / MiB} MiB is stopped at maxPayloadBytes without allocating it`, async () => {
    const key = generateKey();
    const deflated = await deflateZeros();
    const sealed = sealPlaintext(deflated, key);
    // The bomb's own sealed size (~64 KiB) is over the default input cap, which would stop it
    // even earlier; raise that cap so that the inflate limit is what is tested.
    const unsealer = createUnsealer({ keys: [key], maxSealedBytes: 256 * 1024 });

    const before = peakRss();
    const error = await expectGuardError(unsealer.unseal(sealed), 'SEALED_RESULT_TOO_LARGE');
    const guardedGrowth = peakRss() - before;
    expect(error.status).toBe(413);
    expect(error.message).toContain('maxPayloadBytes');
    expect(guardedGrowth).toBeLessThan(16 * MiB);

    // Control: the same measurement sees the bomb when nothing bounds the inflate.
    const beforeUnbounded = peakRss();
    const inflated = inflateRawSync(deflated);
    expect(inflated.length).toBe(BOMB_BYTES);
    expect(peakRss() - beforeUnbounded).toBeGreaterThan(BOMB_BYTES / 2);
  });

  it('is refused before decoding at the default input cap', async () => {
    const key = generateKey();
    const sealed = sealPlaintext(await deflateZeros(), key);
    await expectGuardError(createUnsealer({ keys: [key] }).unseal(sealed), 'SEALED_RESULT_TOO_LARGE');
  });
});
