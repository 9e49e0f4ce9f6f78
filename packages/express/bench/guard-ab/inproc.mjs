// Express apps driven in one process with real IncomingMessage/ServerResponse objects on a socket that
// discards what it is written: the framework's and the guard's CPU per request without TCP's noise.
// Variants: hello, floor (bare unseal in the handler), floor-mw (bare unseal as a middleware before the
// handler: like with like for a guard), core-mw (core's engine called from a middleware), guard.
// Modes: rounds of N requests per variant, interleaved (default); INTERLEAVE=1 (request by request);
// ALLOC=1 with node --expose-gc --min-semi-space-size=512 --max-semi-space-size=512 (bytes allocated and
// promises made per request, counted: no collection runs inside). VARIANTS=a,b,… ; N ; ROUNDS.
import { createDecipheriv } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import express from 'express';
import { NullSocket } from '@fingerprint-guard/bench-harness/null-socket';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { createFingerprintGuard } from '@fingerprint-guard/core';
import { fingerprintGuard } from '../../dist/index.js';
const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const key = generateKey();
const keyBytes = Buffer.from(key, 'base64');
const seen = new Map();
function bareUnseal(req) {
  const bytes = Buffer.from(String(req.headers['fingerprint-sealed-result']), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(4, 16), { authTagLength: 16 });
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
  const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
  if (seen.has(event.event_id)) return undefined;
  seen.set(event.event_id, event.timestamp);
  return event;
}
const apps = {
  hello: express().post('/login', (_req, res) => res.json({ ok: true, visitor: 'x' })),
  floor: express().post('/login', (req, res) => {
    const event = bareUnseal(req);
    if (!event) return res.status(409).json({ error: 'replayed' });
    res.json({ ok: true, visitor: event.identification?.visitor_id });
  }),
  'floor-mw': express().post(
    '/login',
    (req, res, next) => {
      req.event = bareUnseal(req);
      if (!req.event) return res.status(409).json({ error: 'replayed' });
      next();
    },
    (req, res) => res.json({ ok: true, visitor: req.event.identification?.visitor_id }),
  ),
  'core-mw': (() => {
    const engine = createFingerprintGuard({ fingerprint: { keys: [key] } });
    return express().post(
      '/login',
      async (req, _res, next) => {
        const decision = await engine.decide(req, { headers: req.headers, route: '/login' });
        req.fingerprint = decision.fingerprint;
        next();
      },
      (req, res) => res.json({ ok: true, visitor: req.fingerprint.visitorId }),
    );
  })(),
  guard: express().post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (req, res) =>
    res.json({ ok: true, visitor: req.fingerprint.visitorId }),
  ),
};
const VARIANTS = (process.env.VARIANTS ?? Object.keys(apps).join(',')).split(',');
const socket = new NullSocket();
function request(app, sealed) {
  return new Promise((resolve, reject) => {
    const req = new IncomingMessage(socket);
    req.method = 'POST';
    req.url = '/login';
    req.headers = { host: 'bench', 'content-length': '0', 'fingerprint-sealed-result': sealed };
    req.push(null);
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    res.on('finish', () => {
      res.detachSocket(socket);
      res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`));
    });
    app(req, res);
  });
}
if (process.env.ALLOC) {
  const { promiseHooks } = await import('node:v8');
  let promises = 0;
  promiseHooks.onInit(() => promises++);
  // Bytes allocated per request: run with --expose-gc --max-semi-space-size=1024 so no collection runs inside.
  for (const v of VARIANTS) {
    const sealed = Array.from({ length: 2000 }, () => sealEvent(createEvent(), key));
    for (const s of sealed.slice(0, 1000)) await request(apps[v], s);
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    const promisesBefore = promises;
    for (const s of sealed.slice(1000)) await request(apps[v], s);
    const bytes = (process.memoryUsage().heapUsed - before) / 1000;
    console.log(
      v.padEnd(10),
      bytes.toFixed(0).padStart(7),
      'bytes allocated,',
      (promises - promisesBefore) / 1000,
      'promises per request',
    );
  }
  process.exit(0);
}
const fresh = () => sealEvent(createEvent(), key);
const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
if (process.env.INTERLEAVE) {
  // Variants take turns request by request; each request's CPU time is read on its own.
  const sums = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const sealed = Object.fromEntries(VARIANTS.map((v) => [v, Array.from({ length: N }, fresh)]));
    const cpu = Object.fromEntries(VARIANTS.map((v) => [v, 0]));
    for (let i = 0; i < N; i++) {
      for (const v of i % 2 ? VARIANTS : [...VARIANTS].reverse()) {
        const c0 = process.cpuUsage();
        await request(apps[v], sealed[v][i]);
        const c = process.cpuUsage(c0);
        cpu[v] += c.user + c.system;
      }
    }
    for (const v of VARIANTS) sums[v].push(cpu[v] / N);
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  for (const v of VARIANTS) {
    const paired = sums[v].map((x, i) => x - sums[VARIANTS[0]][i]);
    console.log(
      v.padEnd(10),
      median(sums[v]).toFixed(1).padStart(6),
      'µs/request; minus',
      VARIANTS[0],
      median(paired).toFixed(1),
      'range',
      Math.min(...paired).toFixed(1),
      Math.max(...paired).toFixed(1),
    );
  }
  process.exit(0);
}
for (const v of VARIANTS) for (let i = 0; i < 1000; i++) await request(apps[v], fresh());
for (let r = 0; r < ROUNDS; r++) {
  for (const v of r % 2 ? [...VARIANTS].reverse() : VARIANTS) {
    const sealed = Array.from({ length: N }, fresh);
    const c0 = process.cpuUsage();
    for (const s of sealed) await request(apps[v], s);
    const c = process.cpuUsage(c0);
    results[v].push((c.user + c.system) / N);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const v of VARIANTS) {
  const paired = results[v].map((x, i) => x - results[VARIANTS[0]][i]);
  console.log(
    v.padEnd(10),
    median(results[v]).toFixed(1).padStart(6),
    'µs/request; minus',
    VARIANTS[0],
    'paired median',
    median(paired).toFixed(1),
  );
}
