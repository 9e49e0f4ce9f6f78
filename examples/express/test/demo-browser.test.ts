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
  };
}

describe('the demo page in Chromium', () => {
  it('logs in with a fresh identification and shows what the route saw', async () => {
    const shown = await press('fresh', '01-fresh');
    expect(shown).toMatchObject({ status: '200', code: 'allowed' });
    const fingerprint = JSON.parse(shown.fingerprint!);
    expect(fingerprint).toMatchObject({ provider: 'fingerprint', via: 'sealed', keyIndex: 0, replayCheck: 'claimed', confidence: 0.99 });
    expect(await page.isVisible('#event-details')).toBe(true);
  });

  it('rejects the replayed sealed result', async () => {
    expect(await press('replay', '02-replay')).toMatchObject({ status: '409', code: 'EVENT_REPLAYED' });
  });

  it.each([
    ['stale', '401', 'EVENT_EXPIRED', /older than maxAge/],
    ['tamper', '401', 'SEALED_RESULT_DECRYPTION_FAILED', /tampered/],
    ['bot', '403', 'EVENT_DENIED', /bot/, 'bot'],
    ['vpn', '403', 'EVENT_DENIED', /vpn/, 'vpn'],
    ['low-confidence', '403', 'EVENT_DENIED', /confidence/, 'minConfidence'],
    ['other-ip', '403', 'EVENT_DENIED', /another IP/, 'ip'],
    ['other-site', '403', 'EVENT_DENIED', /another site/, 'origin'],
    ['missing', '401', 'CREDENTIAL_MISSING', /no credential/],
  ])('%s → %s %s', async (action, status, code, message, rule?: string) => {
    const shown = await press(action, `03-${action}`);
    expect(shown).toMatchObject({ status, code });
    expect(shown.message).toMatch(message);
    expect(shown.fingerprint).toContain('not set');
    expect(shown.rule).toBe(rule);
  });

  it('goes through the cside flow: the browser script’s token is exchanged once', async () => {
    const shown = await press('cside', '04-cside');
    expect(shown).toMatchObject({ status: '200', code: 'allowed' });
    expect(JSON.parse(shown.fingerprint!)).toMatchObject({ provider: 'cside', via: 'cside' });
    expect(await press('cside-replay', '05-cside-replay')).toMatchObject({ status: '409', code: 'EVENT_REPLAYED' });
  });

  it('keeps a history of every decision', async () => {
    expect(await page.locator('#history li').count()).toBe(12);
  });
});
