// The Web-standard build (dist/web: the `edge-light`, `workerd`, `worker` and `browser` conditions)
// in real Web runtimes: Vercel's edge-runtime emulator and workerd through miniflare. Each must
// give, for every case, exactly what the Node build gives.
import { createDeflateRaw } from 'node:zlib';
import { EdgeRuntime } from 'edge-runtime';
import { Miniflare } from 'miniflare';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUnsealer } from '../src/index.js';
import { bundleRunner, WORKER_FOOTER } from './runtime-fixtures/bundle.js';
import type { UnsealCase } from './runtime-fixtures/run-cases.js';
import {
  createEvent,
  createEventV3,
  generateKey,
  HAS_VECTORS,
  loadSealedVectors,
  sealEvent,
  sealPlaintext,
} from './helpers.js';

async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < bytes; written += zeros.length) deflate.write(zeros);
  deflate.end();
  await new Promise((resolve) => deflate.on('end', resolve));
  return Buffer.concat(chunks);
}

let cases: UnsealCase[];
let expected: unknown[];
const key = generateKey();
const guardCase = { keys: [key], sealed: sealEvent(createEvent(), key), sealedV3: sealEvent(createEventV3(), key) };

beforeAll(async () => {
  const vectorCases = loadSealedVectors().map((vector) => ({
    sealed: vector.sealed,
    keys: vector.keys.filter((k) => Buffer.from(k, 'base64').length === 32),
  }));
  const tampered = Buffer.from(sealEvent(createEvent(), key), 'base64');
  tampered[40]! ^= 1;
  cases = [
    ...vectorCases,
    { keys: [generateKey(), key], sealed: sealEvent(createEvent({ tags: { note: 'ünïcödé ✓' } }), key) },
    { keys: [key], sealed: tampered.toString('base64') },
    { keys: [key], sealed: 'not base64 at all!' },
    // A 64 MiB bomb: stopped at the default 1 MiB inflate limit in every runtime.
    { keys: [key], sealed: sealPlaintext(await deflatedZeros(64 * 1024 * 1024), key), maxSealedBytes: 256 * 1024 },
  ];
  expected = [];
  for (const { keys, sealed, maxSealedBytes } of cases) {
    try {
      expected.push(await createUnsealer({ keys, maxSealedBytes }).unsealAnyFormat(sealed));
    } catch (error) {
      expected.push({ code: (error as { code: string }).code });
    }
  }
  if (!HAS_VECTORS) console.warn('[web runtimes] ../shared is absent: only the generated cases run.');
}, 60_000);

describe('the Web build in Vercel’s edge-runtime emulator', () => {
  it('gives the Node build’s result for every case, and guards a replay', async () => {
    const code = await bundleRunner('iife');
    const runtime = new EdgeRuntime({ initialCode: code });
    const json = await runtime.evaluate<Promise<string>>(
      `fixture.runCases(${JSON.stringify(cases)}, ${JSON.stringify(guardCase)}).then((r) => JSON.stringify(r))`,
    );
    const { results, guard, v3 } = JSON.parse(json);
    expect(results).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(guard).toEqual([true, 'EVENT_REPLAYED']);
    expect(v3).toEqual([true, 'v3', 'EVENT_REPLAYED']);
  }, 60_000);
});

describe('the Web build in Cloudflare workerd (miniflare)', () => {
  it('gives the Node build’s result for every case, and guards a replay', async () => {
    const code = await bundleRunner('esm', WORKER_FOOTER);
    const mf = new Miniflare({ modules: true, script: code, compatibilityDate: '2024-09-23' });
    try {
      const response = await mf.dispatchFetch('http://localhost/', {
        method: 'POST',
        body: JSON.stringify({ cases, guardCase }),
      });
      const { results, guard, v3 } = (await response.json()) as { results: unknown[]; guard: unknown[]; v3: unknown[] };
      expect(results).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(guard).toEqual([true, 'EVENT_REPLAYED']);
      expect(v3).toEqual([true, 'v3', 'EVENT_REPLAYED']);
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});
