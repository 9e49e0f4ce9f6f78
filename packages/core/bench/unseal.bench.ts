// Unseal throughput: fingerprint-guard vs the official SDK vs a bare floor, in one run.
// Writes bench/RESULTS.md. Run with `pnpm bench` (from the repo root or this package).
import { createDecipheriv } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import { DecryptionAlgorithm, unsealEventsResponse } from '@fingerprint/node-sdk';
import { Bench } from 'tinybench';
import { generateKey, sealEvent } from '../../testing/src/index.js';
import { createUnsealer } from '../src/index.js';
import { largeEvent, smallEvent } from './events.js';

const key = generateKey();
const keyBuffer = Buffer.from(key, 'base64');
const ours = createUnsealer({ keys: [key] });
const oursRotating = createUnsealer({ keys: [generateKey(), key] });
const sdkKeys = [{ key: keyBuffer, algorithm: DecryptionAlgorithm.Aes256Gcm }];

/** The least a correct unsealer does: decode, authenticate, inflate, parse. No limits, no checks. */
function floor(sealed: string): unknown {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyBuffer, bytes.subarray(4, 16), { authTagLength: 16 });
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
  return JSON.parse(inflateRawSync(plaintext).toString('utf8'));
}

interface Row { size: string; name: string; opsPerSecond: number; meanMicros: number; rme: number }
const rows: Row[] = [];

for (const [size, make] of [['~2 KB', smallEvent], ['~20 KB', largeEvent]] as const) {
  // Distinct sealed results, cycled, so no path profits from one hot input.
  const samples = Array.from({ length: 64 }, () => sealEvent(make(), key));
  const jsonBytes = JSON.stringify(make()).length;
  let i = 0;
  const next = () => samples[i++ & 63]!;
  const bench = new Bench({ time: 2000, warmupTime: 500 });
  bench
    .add('fingerprint-guard createUnsealer().unseal', () => ours.unseal(next()))
    .add('fingerprint-guard, 2 keys, matching the 2nd', () => oursRotating.unseal(next()))
    .add('@fingerprint/node-sdk unsealEventsResponse', () => unsealEventsResponse(Buffer.from(next(), 'base64'), sdkKeys))
    .add('floor: decipher + inflateRawSync + JSON.parse', async () => floor(next()));
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as unknown as { throughput: { mean: number }; latency: { mean: number; rme: number } };
    rows.push({
      size: `${size} (${jsonBytes} B JSON)`,
      name: task.name,
      opsPerSecond: result.throughput.mean,
      meanMicros: result.latency.mean * 1000,
      rme: result.latency.rme,
    });
  }
}

const lines = [
  '# Unseal benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} ` +
    `(${cpus().length} cores), one process, all rows of a size in the same run. Reproduce: \`pnpm bench\`.`,
  '',
  'Every path is awaited the same way (the floor is wrapped in an async function), and each cycles',
  'through 64 distinct sealed events. The floor is the least a correct unsealer does: base64 decode,',
  'AES-256-GCM, `inflateRawSync`, `JSON.parse`, with no size caps, strict base64, header or shape checks.',
  '',
  '| event | implementation | ops/s | mean µs | ± % | vs SDK | vs floor |',
  '|---|---|---:|---:|---:|---:|---:|',
];
for (const row of rows) {
  const peers = rows.filter((other) => other.size === row.size);
  const sdk = peers.find((other) => other.name.startsWith('@fingerprint/node-sdk'))!;
  const bare = peers.find((other) => other.name.startsWith('floor'))!;
  lines.push(
    `| ${row.size} | ${row.name} | ${Math.round(row.opsPerSecond).toLocaleString('en-US')} | ${row.meanMicros.toFixed(1)} | ` +
      `${row.rme.toFixed(1)} | ${(row.opsPerSecond / sdk.opsPerSecond).toFixed(2)}× | ${(row.opsPerSecond / bare.opsPerSecond).toFixed(2)}× |`,
  );
}
lines.push('', 'Targets (issue #2): ≥ 3× the SDK on ~2 KB, ≥ 1.5× on ~20 KB, ≥ 0.9× the floor.', '');
const out = new URL('./RESULTS.md', import.meta.url);
writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
