// Rewrites src/client-ip/cloudflare-ranges.ts from Cloudflare's published lists (ips-v4, ips-v6),
// with today's date, and prints what changed. `node scripts/update-cloudflare-ranges.mjs [base URL]`
// (default https://www.cloudflare.com); review the diff, run the tests, and add a changeset.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const base = process.argv[2] ?? 'https://www.cloudflare.com';
const target = fileURLToPath(new URL('../src/client-ip/cloudflare-ranges.ts', import.meta.url));
const SHAPES = { ipv4: /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, ipv6: /^[0-9a-f:]+\/\d{1,3}$/i };

async function list(family) {
  const response = await fetch(`${base}/ips-${family === 'ipv4' ? 'v4' : 'v6'}`, { redirect: 'follow' });
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  const ranges = (await response.text())
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const bad = ranges.filter((range) => !SHAPES[family].test(range));
  if (ranges.length === 0 || bad.length > 0)
    throw new Error(`${response.url}: not a list of ranges (${bad.join(', ')})`);
  return ranges;
}

const fresh = { ipv4: await list('ipv4'), ipv6: await list('ipv6') };
const before = readFileSync(target, 'utf8');
const lines = (family) => fresh[family].map((range) => `    '${range}',`).join('\n');
const after = before
  .replace(/retrieved: '[^']*'/, `retrieved: '${new Date().toISOString().slice(0, 10)}'`)
  .replace(/ipv4: \[\n[^\]]*\n {2}\]/, `ipv4: [\n${lines('ipv4')}\n  ]`)
  .replace(/ipv6: \[\n[^\]]*\n {2}\]/, `ipv6: [\n${lines('ipv6')}\n  ]`);
writeFileSync(target, after);
for (const family of ['ipv4', 'ipv6']) {
  const old = new Set([...before.matchAll(/'([0-9a-f.:]+\/\d+)'/gi)].map((match) => match[1]));
  const added = fresh[family].filter((range) => !old.has(range));
  console.log(`${family}: ${fresh[family].length} ranges${added.length ? `, new: ${added.join(', ')}` : ''}`);
}
const kept = new Set([...fresh.ipv4, ...fresh.ipv6]);
const removed = [...before.matchAll(/'([0-9a-f.:]+\/\d+)'/gi)].map((match) => match[1]).filter((r) => !kept.has(r));
if (removed.length > 0) console.log(`removed: ${removed.join(', ')}`);
console.log(`wrote ${target}`);
