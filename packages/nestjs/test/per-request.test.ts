// What FingerprintGuard does at each request, and what it leaves for the first one or for when it is needed.
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import {
  Fingerprint,
  FingerprintGuard,
  FingerprintGuardModule,
  FingerprintOptions,
  MemoryReplayStore,
  SkipFingerprint,
} from '../src/index.js';
import { PLATFORMS, startNest } from './apps.js';

const key = generateKey();
const sealed = () => ({ 'fingerprint-sealed-result': sealEvent(createEvent({ ip_address: '127.0.0.1' }), key) });

@Controller()
class PerRequestController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  login(@Fingerprint() fingerprint: Fingerprint) {
    return { visitorId: fingerprint.visitorId };
  }

  @Post('bound')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  @FingerprintOptions({ bind: { ip: true } })
  bound(@Fingerprint() fingerprint: Fingerprint) {
    return { visitorId: fingerprint.visitorId };
  }
}

// One handler function, inherited by two controllers: Nest hands the guard the same handler with each one's class.
class SharedRoutes {
  @Post('shared')
  @HttpCode(200)
  @UseGuards(FingerprintGuard)
  shared() {
    return {};
  }
}
@Controller('open')
@SkipFingerprint()
class OpenController extends SharedRoutes {}
@Controller('closed')
class ClosedController extends SharedRoutes {}

afterEach(() => vi.restoreAllMocks());

describe.each(PLATFORMS)('FingerprintGuard at each request (%s)', (platform) => {
  it("reads a route's metadata at its first request only, and each route's own", async () => {
    const lookups = vi.spyOn(Reflector.prototype, 'getAllAndOverride');
    const served = await startNest({
      platform,
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [PerRequestController],
    });
    try {
      const ours = () =>
        lookups.mock.calls.filter(
          ([name]) => typeof name === 'symbol' && name.description?.includes('fingerprint-guard'),
        ).length;
      for (let i = 0; i < 3; i++) {
        expect((await fetch(`${served.url}/login`, { method: 'POST', headers: sealed() })).status).toBe(200);
      }
      const afterLogin = ours();
      expect(afterLogin).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) {
        expect((await fetch(`${served.url}/login`, { method: 'POST', headers: sealed() })).status).toBe(200);
      }
      expect(ours()).toBe(afterLogin);
      // Another route is looked up on its own: its options apply.
      expect((await fetch(`${served.url}/bound`, { method: 'POST', headers: sealed() })).status).toBe(200);
      expect(ours()).toBeGreaterThan(afterLogin);
    } finally {
      await served.close();
    }
  });
  it("keeps each controller's own reading of an inherited handler: skipped in one, guarded in the other", async () => {
    const served = await startNest({
      platform,
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [OpenController, ClosedController],
    });
    try {
      const post = async (path: string) => (await fetch(`${served.url}${path}`, { method: 'POST' })).status;
      // Whichever controller's request comes first, the other's is read on its own.
      expect(await post('/open/shared')).toBe(200);
      expect(await post('/closed/shared')).toBe(401);
      expect(await post('/open/shared')).toBe(200);
      expect(await post('/closed/shared')).toBe(401);
    } finally {
      await served.close();
    }
  });
});

describe('FingerprintGuard at each request (express)', () => {
  it('reads request.ip only when the guard needs it: not for a sealed result, yes for bind.ip', async () => {
    // Express works req.ip out from `trust proxy` and X-Forwarded-For at every read.
    let reads = 0;
    const served = await startNest({
      platform: 'express',
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] } })],
      controllers: [PerRequestController],
      configure: (app) => {
        app.use((request: object, _response: unknown, next: () => void) => {
          const ip = Object.getOwnPropertyDescriptor(request, 'ip') ?? findDescriptor(request, 'ip');
          Object.defineProperty(request, 'ip', {
            configurable: true,
            get() {
              reads++;
              return ip?.get ? ip.get.call(this) : ip?.value;
            },
          });
          next();
        });
      },
    });
    try {
      expect((await fetch(`${served.url}/login`, { method: 'POST', headers: sealed() })).status).toBe(200);
      expect(reads).toBe(0);
      expect((await fetch(`${served.url}/bound`, { method: 'POST', headers: sealed() })).status).toBe(200);
      expect(reads).toBeGreaterThan(0);
    } finally {
      await served.close();
    }
  });
});

function findDescriptor(object: object, name: string): PropertyDescriptor | undefined {
  for (let at = Object.getPrototypeOf(object); at; at = Object.getPrototypeOf(at)) {
    const found = Object.getOwnPropertyDescriptor(at, name);
    if (found) return found;
  }
  return undefined;
}

describe('FingerprintGuard.canActivate', () => {
  it('answers true at once for a sealed result claimed in the memory store, and a promise for an async store', async () => {
    // Nest takes a boolean without awaiting it; a promise costs its guard pipeline an await.
    const memory = new MemoryReplayStore();
    const asyncStore = { claim: async (k: string, expiresAtMs: number) => memory.claim(k, expiresAtMs) };
    const answers: Record<string, unknown> = {};
    const probe = (name: string) => {
      const original = FingerprintGuard.prototype.canActivate;
      return vi.spyOn(FingerprintGuard.prototype, 'canActivate').mockImplementation(function (
        this: FingerprintGuard,
        context,
      ) {
        const answer = original.call(this, context);
        answers[name] = answer instanceof Promise ? 'promise' : answer;
        return answer;
      });
    };
    for (const [name, store] of [
      ['memory', memory],
      ['async', asyncStore],
    ] as const) {
      const spy = probe(name);
      const served = await startNest({
        platform: 'express',
        imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, replay: { store } })],
        controllers: [PerRequestController],
      });
      try {
        expect((await fetch(`${served.url}/login`, { method: 'POST', headers: sealed() })).status).toBe(200);
      } finally {
        await served.close();
        spy.mockRestore();
      }
    }
    expect(answers).toEqual({ memory: true, async: 'promise' });
  });
});
