// FingerprintGuard bound to every route with APP_GUARD, and @SkipFingerprint() for the routes
// without a browser behind them (GET /health), on a handler or a whole controller.
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { Fingerprint, FingerprintGuard, FingerprintGuardModule, SkipFingerprint } from '../src/index.js';
import { PLATFORMS, startNest, type NestServed } from './apps.js';

const key = generateKey();

@Controller()
class AppController {
  @Get('health')
  @SkipFingerprint()
  health() {
    return { ok: true };
  }

  @Post('login')
  @HttpCode(200)
  login(@Fingerprint() fingerprint: Fingerprint) {
    return { visitorId: fingerprint.visitorId };
  }
}

@Controller('public')
@SkipFingerprint()
class PublicController {
  @Get('status')
  status() {
    return { status: 'up' };
  }

  @Post('transfer')
  @HttpCode(200)
  @SkipFingerprint(false)
  transfer(@Fingerprint() fingerprint: Fingerprint) {
    return { eventId: fingerprint.eventId };
  }
}

const send = async (url: string, method: 'GET' | 'POST', sealed?: string) => {
  const headers: Record<string, string> = sealed ? { 'fingerprint-sealed-result': sealed } : {};
  const response = await fetch(url, { method, headers });
  return { status: response.status, body: await response.json() };
};

describe.each(PLATFORMS)('FingerprintGuard as APP_GUARD on %s', (platform) => {
  let served: NestServed;
  beforeAll(async () => {
    served = await startNest({
      platform,
      imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [key] }, logger: { warn() {}, error() {} } })],
      controllers: [AppController, PublicController],
      providers: [{ provide: APP_GUARD, useClass: FingerprintGuard }],
    });
  });
  afterAll(() => served?.close());

  it('lets GET /health through without a credential, and still denies the guarded routes', async () => {
    expect(await send(`${served.url}/health`, 'GET')).toEqual({ status: 200, body: { ok: true } });
    expect(await send(`${served.url}/login`, 'POST')).toMatchObject({
      status: 401,
      body: { error: { code: 'CREDENTIAL_MISSING' } },
    });
    const event = createEvent();
    expect(await send(`${served.url}/login`, 'POST', sealEvent(event, key))).toEqual({
      status: 200,
      body: { visitorId: event.identification!.visitor_id },
    });
  });

  it('skips a whole controller, and @SkipFingerprint(false) guards one of its handlers again', async () => {
    expect(await send(`${served.url}/public/status`, 'GET')).toEqual({ status: 200, body: { status: 'up' } });
    expect(await send(`${served.url}/public/transfer`, 'POST')).toMatchObject({
      status: 401,
      body: { error: { code: 'CREDENTIAL_MISSING' } },
    });
    const event = createEvent();
    expect(await send(`${served.url}/public/transfer`, 'POST', sealEvent(event, key))).toEqual({
      status: 200,
      body: { eventId: event.event_id },
    });
  });
});
