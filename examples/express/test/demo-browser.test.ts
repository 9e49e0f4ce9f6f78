// Drives the demo page in real Chromium: every button, the decision it shows, a screenshot each.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '@fingerprint-guard/express';
import { createFakeCside, type FakeCside } from '@fingerprint-guard/testing';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const ARTIFACTS = new URL('../test-artifacts/', import.meta.url);
let server: Server;
let cside: FakeCside;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  cside = await createFakeCside();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    config: readConfig({}),
    origins: [origin],
    store: new MemoryReplayStore(),
    cside: { apiKey: cside.apiKey, baseUrl: cside.url, scriptUrl: `${cside.url}/client.js` },
  });
  server.on('request', app);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await cside?.close();
});

async function press(action: string, screenshot: string) {
  const history = await page.locator('#history li').count();
  await page.click(`button[data-action="${action}"]`);
  await page.waitForFunction((count) => document.querySelectorAll('#history li').length > count, history);
  await page.screenshot({ path: new URL(`${screenshot}.png`, ARTIFACTS).pathname, fullPage: true });
  return {
    status: await page.textContent('#result-status'),
    code: await page.textContent('#result-code'),
    message: await page.textContent('#result-message'),
    fingerprint: await page.textContent('#result-fingerprint'),
    rule: (await page.isVisible('#result-rule')) ? await page.textContent('#result-rule') : undefined,
    stage: await page.getAttribute('#pipeline li.stopped, #pipeline li.reached', 'data-stage'),
  };
}

describe('the demo page in Chromium', () => {
  it('logs in with a fresh identification and shows what the route saw', async () => {
    const shown = await press('fresh', '01-fresh');
    expect(shown).toMatchObject({ status: '200', code: 'allowed', stage: 'allowed' });
    expect(await page.textContent('#result-timing')).toMatch(/authenticate \d+\.\d+ ms, claim \d+\.\d+ ms/);
    expect(await page.textContent('#result-request')).toMatch(
      /^POST \/api\/login\n[\s\S]*"sealed_result": "[A-Za-z0-9+/]{24}…/,
    );
    const fingerprint = JSON.parse(shown.fingerprint!);
    expect(fingerprint).toMatchObject({
      provider: 'fingerprint',
      via: 'sealed',
      keyIndex: 0,
      replayCheck: 'claimed',
      confidence: 0.99,
    });
    expect(await page.isVisible('#event-details')).toBe(true);
  });

  it('rejects the replayed sealed result', async () => {
    expect(await press('replay', '02-replay')).toMatchObject({
      status: '409',
      code: 'EVENT_REPLAYED',
      stage: 'replay',
    });
  });

  it.each([
    ['stale', '401', 'EVENT_EXPIRED', /older than maxAge/, 'age'],
    ['tamper', '401', 'SEALED_RESULT_DECRYPTION_FAILED', /tampered/, 'authenticate'],
    ['bot', '403', 'EVENT_DENIED', /bot/, 'rules', 'bot'],
    ['vpn', '403', 'EVENT_DENIED', /vpn/, 'rules', 'vpn'],
    ['low-confidence', '403', 'EVENT_DENIED', /confidence/, 'rules', 'minConfidence'],
    ['other-ip', '403', 'EVENT_DENIED', /another IP/, 'binding', 'ip'],
    ['other-site', '403', 'EVENT_DENIED', /another site/, 'binding', 'origin'],
    ['missing', '401', 'CREDENTIAL_MISSING', /no credential/, 'credential'],
  ])('%s → %s %s', async (action, status, code, message, stage, rule?: string) => {
    const shown = await press(action, `03-${action}`);
    expect(shown).toMatchObject({ status, code, stage });
    expect(shown.message).toMatch(message);
    expect(shown.fingerprint).toContain('not set');
    expect(shown.rule).toBe(rule);
  });

  it('goes through the cside flow: the browser script’s token is exchanged once', async () => {
    const shown = await press('cside', '04-cside');
    expect(shown).toMatchObject({ status: '200', code: 'allowed' });
    expect(JSON.parse(shown.fingerprint!)).toMatchObject({ provider: 'cside', via: 'cside' });
    const again = await press('cside-replay', '05-cside-replay');
    expect(again).toMatchObject({ status: '409', code: 'EVENT_REPLAYED', stage: 'replay' });
    expect(again.message).toBe('This cside session token was already used.');
  });

  it('keeps a history of every decision', async () => {
    expect(await page.locator('#history li').count()).toBe(12);
  });

  it('switches the simulated agent to 3.x: its v3 sealed result is accepted once and judged the same', async () => {
    await page.selectOption('#agent-version', '3.x');
    const shown = await press('fresh', '07-agent-3x');
    expect(shown).toMatchObject({ status: '200', code: 'allowed', stage: 'allowed' });
    expect(JSON.parse(shown.fingerprint!)).toMatchObject({ provider: 'fingerprint', format: 'v3', via: 'sealed' });
    expect(await page.textContent('#result-event')).toContain('"products"');
    expect(await press('replay', '08-agent-3x-replay')).toMatchObject({ status: '409', code: 'EVENT_REPLAYED' });
    expect(await press('vpn', '09-agent-3x-vpn')).toMatchObject({ status: '403', rule: 'vpn', stage: 'rules' });
    await page.selectOption('#agent-version', '4.x');
    expect(JSON.parse((await press('fresh', '10-agent-4x')).fingerprint!)).toMatchObject({ format: 'v4' });
  });

  it('shows the login guard’s settings, and asks for no missing file (favicon)', async () => {
    expect(JSON.parse((await page.textContent('#settings'))!)).toMatchObject({
      maxAge: '2m',
      deny: { bot: true },
      bind: { ip: true },
    });
    expect((await page.request.get(new URL('/favicon.svg', page.url()).href)).status()).toBe(200);
  });

  it('fits a 390 px wide phone: the decision panel is not cut off', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.waitForSelector('body[data-ready="true"]');
    await phone.click('button[data-action="vpn"]');
    await phone.waitForSelector('#history li');
    await phone.screenshot({ path: new URL('06-phone-390px.png', ARTIFACTS).pathname, fullPage: true });
    for (const selector of ['.result', '#pipeline', '#result-message']) {
      const box = (await phone.locator(selector).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();
  });
});
