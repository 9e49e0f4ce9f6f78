// The benchmark apps: `hello`, `guard`, `floor`, `floor-mw`, `floor-async`, `peer`, and the rungs between
// floor-mw and guard (`floor-req`, `floor-checked`, `core-mw-mapstore`, `core-mw`, `core-mw-nootel`), each an
// HTTP server not yet listening (bench/server.ts serves one; bench:inproc drives them without TCP). The
// guard is the built package, as installed.
import { createBareUnseal, createCheckedUnseal, type BareUnseal } from '@fingerprint-guard/bench-harness/floor';
import { DecryptionAlgorithm, unsealEventsResponse } from '@fingerprint/node-sdk';
import { createFingerprintGuard, type FingerprintGuardOptions, type ReplayStore } from '@fingerprint-guard/core';
import { decideOrRefuseNow, isPromiseLike } from '@fingerprint-guard/core/adapter';
import express from 'express';
import { createServer, type Server } from 'node:http';
import { fingerprintGuard, type FingerprintRequest } from '@fingerprint-guard/express';

/** The least replay store: a `Map` of every key ever claimed, nothing expired, no bound. */
function mapReplayStore(): ReplayStore {
  const seen = new Map<string, number>();
  return {
    claim(key, expiresAtMs) {
      if (seen.has(key)) return false;
      seen.set(key, expiresAtMs);
      return true;
    },
    release(key) {
      seen.delete(key);
    },
  };
}

/** The engine's options for each `core-mw` rung: the default guard, on a bare `Map`, or with OpenTelemetry off. */
const CORE_MW_OPTIONS: Record<string, Partial<FingerprintGuardOptions>> = {
  'core-mw': {},
  'core-mw-mapstore': { replay: { store: mapReplayStore() } },
  'core-mw-nootel': { opentelemetry: false },
};

/** A floor as middleware, its result set on `req` as the guard sets `req.fingerprint`. */
function floorOnReq(app: express.Express, unseal: BareUnseal): void {
  app.post(
    '/login',
    (req, res, next) => {
      const read = unseal(req.headers['fingerprint-sealed-result']);
      if (!read) return void res.status(409).json({ error: 'replayed' });
      (req as unknown as { floorResult: { visitorId?: string } }).floorResult = read;
      next();
    },
    (req, res) => {
      res.json({
        ok: true,
        visitor: (req as unknown as { floorResult: { visitorId?: string } }).floorResult.visitorId,
      });
    },
  );
}

export function createBenchServer(variant: string, key: string): Server {
  const app = express();

  if (variant === 'hello') {
    app.post('/login', (_req, res) => res.json({ ok: true }));
  } else if (variant === 'guard') {
    app.post('/login', fingerprintGuard({ fingerprint: { keys: [key] } }), (req, res) => {
      res.json({ ok: true, visitor: (req as FingerprintRequest).fingerprint.visitorId });
    });
  } else if (variant in CORE_MW_OPTIONS) {
    // Core's engine called from a middleware of our own, for telling what core costs inside Express
    // from what the adapter adds to it (VARIANTS=floor-mw,core-mw,guard).
    const engine = createFingerprintGuard({ fingerprint: { keys: [key] }, ...CORE_MW_OPTIONS[variant] });
    app.post(
      '/login',
      (req, res, next) => {
        const decided = decideOrRefuseNow(engine, req, { headers: req.headers, route: '/login', method: 'POST' });
        if (isPromiseLike(decided) || !decided.allowed) return void res.status(500).end();
        (req as FingerprintRequest).fingerprint = decided.fingerprint!;
        next();
      },
      (req, res) => {
        res.json({ ok: true, visitor: (req as FingerprintRequest).fingerprint.visitorId });
      },
    );
  } else if (variant === 'floor') {
    // The least any unsealing server does, in the handler: sync decrypt + inflate + parse and a Map, no checks at all.
    const unseal = createBareUnseal(key);
    app.post('/login', (req, res) => {
      const read = unseal(req.headers['fingerprint-sealed-result']);
      if (!read) return res.status(409).json({ error: 'replayed' });
      res.json({ ok: true, visitor: read.visitorId });
    });
  } else if (variant === 'floor-mw') {
    // The same floor where the guard runs: a middleware before the handler.
    const unseal = createBareUnseal(key);
    app.post(
      '/login',
      (req, res, next) => {
        const read = unseal(req.headers['fingerprint-sealed-result']);
        if (!read) return void res.status(409).json({ error: 'replayed' });
        res.locals.visitor = read.visitorId;
        next();
      },
      (_req, res) => {
        res.json({ ok: true, visitor: res.locals.visitor });
      },
    );
  } else if (variant === 'floor-req') {
    // floor-mw with its result set on `req`: what a property of its own on Express's request costs.
    floorOnReq(app, createBareUnseal(key));
  } else if (variant === 'floor-checked') {
    // floor-req with every check the guard makes, hand-flattened: what the checks themselves cost.
    floorOnReq(app, createCheckedUnseal(key));
  } else if (variant === 'floor-async') {
    // floor-mw behind one `await`: what a microtask before next() costs over HTTP (decision 0014).
    const unseal = createBareUnseal(key);
    app.post(
      '/login',
      (req, res, next) => {
        void (async () => {
          const read = await Promise.resolve(unseal(req.headers['fingerprint-sealed-result']));
          if (!read) return void res.status(409).json({ error: 'replayed' });
          res.locals.visitor = read.visitorId;
          next();
        })().catch(next);
      },
      (_req, res) => {
        res.json({ ok: true, visitor: res.locals.visitor });
      },
    );
  } else {
    // What a careful hand-written integration looks like: the official SDK and a Map of seen ids.
    const seen = new Map<string, number>();
    const keys = [{ key: Buffer.from(key, 'base64'), algorithm: DecryptionAlgorithm.Aes256Gcm }];
    app.post('/login', async (req, res) => {
      try {
        const event = await unsealEventsResponse(
          Buffer.from(String(req.headers['fingerprint-sealed-result']), 'base64'),
          keys,
        );
        if (Date.now() - event.timestamp > 120_000) return res.status(401).json({ error: 'expired' });
        if (seen.has(event.event_id)) return res.status(409).json({ error: 'replayed' });
        seen.set(event.event_id, event.timestamp);
        res.json({ ok: true, visitor: event.identification?.visitor_id });
      } catch {
        res.status(401).json({ error: 'invalid' });
      }
    });
  }

  return createServer(app);
}
