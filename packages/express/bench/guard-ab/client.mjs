// A/B of core builds behind Express: interleaved rounds, a new sealed result per request, req/s and
// server CPU per request (process.cpuUsage in the server). VARIANTS: `floor` (bare unseal, server.mjs),
// `guard` (core's dist as built), or X for a core dist saved in $AB_DIR/dist-X and copied in for its rounds.
// Usage: cp -r ../core/dist /tmp/guard-ab/dist-A; (change, build); cp -r ../core/dist /tmp/guard-ab/dist-B;
//        VARIANTS=floor,A,B OUT=result.json node bench/guard-ab/client.mjs   (rebuild core afterwards)
import { spawn } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
const N = Number(process.env.N ?? 15000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const VARIANTS = (process.env.VARIANTS ?? 'floor,A,B').split(',');
const AB_DIR = process.env.AB_DIR ?? '/tmp/guard-ab';
const key = generateKey();
const load0 = loadavg();
async function round(variant) {
  if (!variant.startsWith('floor') && variant !== 'guard') {
    rmSync(new URL('../../../core/dist', import.meta.url).pathname, { recursive: true, force: true });
    cpSync(`${AB_DIR}/dist-${variant}`, new URL('../../../core/dist', import.meta.url).pathname, { recursive: true });
  }
  const sealed = Array.from({ length: N + 2000 }, () => sealEvent(createEvent(), key));
  const args = process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${AB_DIR}`] : [];
  const child = spawn(process.execPath, [...args, new URL('./server.mjs', import.meta.url).pathname], {
    env: { ...process.env, VARIANT: variant, BENCH_SEALED_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let next = 0;
  let bad = 0;
  const one = (s, method = 'POST', path = '/login') =>
    new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: s ? { 'fingerprint-sealed-result': s, 'content-length': 0 } : {},
        },
        (res) => {
          if (res.statusCode !== 200) bad++;
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve(b));
        },
      );
      req.end();
    });
  const drive = async (count) => {
    const end = next + count;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < end) await one(sealed[next++]);
      }),
    );
  };
  await drive(2000);
  const cpu0 = JSON.parse(await one(undefined, 'GET', '/cpu'));
  const t = performance.now();
  await drive(N);
  const s = (performance.now() - t) / 1000;
  const cpu1 = JSON.parse(await one(undefined, 'GET', '/cpu'));
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  agent.destroy();
  return { rps: N / s, cpuUs: (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / N, bad };
}
const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
  for (const v of order) {
    const x = await round(v);
    results[v].push(x);
    console.error(r, v, Math.round(x.rps), x.cpuUs.toFixed(1), x.bad);
  }
}
const med = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};
const out = { loadavgBefore: load0, loadavgAfter: loadavg(), N, ROUNDS, variants: {} };
for (const v of VARIANTS) {
  const rps = results[v].map((x) => x.rps);
  const cpu = results[v].map((x) => x.cpuUs);
  out.variants[v] = {
    rpsMedian: Math.round(med(rps)),
    rpsMin: Math.round(Math.min(...rps)),
    rpsMax: Math.round(Math.max(...rps)),
    cpuUsMedian: +med(cpu).toFixed(1),
    cpuUsMin: +Math.min(...cpu).toFixed(1),
    cpuUsMax: +Math.max(...cpu).toFixed(1),
    bad: results[v].reduce((n, x) => n + x.bad, 0),
  };
}
console.log(JSON.stringify(out, null, 1));
if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify(out, null, 1));
