// Drives the demo page in real Chromium: every button, the decision it shows, a screenshot each.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '@fingerprint-guard/express';
import {
  createFakeCside,
  createFakeFingerprintApi,
  type FakeCside,
  type FakeFingerprintApi,
} from '@fingerprint-guard/testing';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { DEMO_RULESETS } from '../src/ruleset.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const ARTIFACTS = new URL('../test-artifacts/', import.meta.url);
let server: Server;
let cside: FakeCside;
let fingerprintApi: FakeFingerprintApi;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  cside = await createFakeCside();
  fingerprintApi = await createFakeFingerprintApi({ rulesets: DEMO_RULESETS });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    config: readConfig({}),
    origins: [origin],
    store: new MemoryReplayStore(),
    cside: { apiKey: cside.apiKey, baseUrl: cside.url, scriptUrl: `${cside.url}/client.js` },
    fingerprintApi,
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
  await fingerprintApi?.close();
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
    lights: await lights(page),
    timing: await page.textContent('#result-timing'),
  };
}

/** Each stage of the drawn pipeline and how it is lit: passed, reached, stopped, absent (the guard has none), or ''. */
async function lights(on: Page): Promise<Record<string, string>> {
  return Object.fromEntries(
    await on
      .locator('#pipeline li')
      .evaluateAll((items) => items.map((item) => [(item as HTMLElement).dataset.stage, item.className])),
  );
}

/** Opens every <details> of the page, as a curious visitor would. */
async function openEveryPanel(on: Page) {
  await on.locator('details:not([hidden])').evaluateAll((all) => {
    for (const details of all) (details as HTMLDetailsElement).open = true;
  });
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
    // The whole of req.fingerprint is on screen: keyIndex and replayCheck do not hide below a scroll.
    const box = page.locator('#result-fingerprint');
    expect(await box.evaluate((pre) => pre.scrollHeight - pre.clientHeight)).toBeLessThanOrEqual(1);
    // The login's guard has rules and bind, and no check: the check stage is not lit as passed.
    expect(shown.lights).toEqual({
      credential: 'passed',
      authenticate: 'passed',
      age: 'passed',
      rules: 'passed',
      binding: 'passed',
      replay: 'passed',
      check: 'absent',
      allowed: 'reached',
    });
    expect(JSON.parse((await page.textContent('#settings'))!)).toMatchObject({
      fingerprint: { keys: '1 key, not shown' },
      maxAge: '2m',
      deny: { bot: true },
      stepUp: { maxVelocity: { events: { '1h': 20 } } },
      bind: { ip: true },
    });
    expect(await page.textContent('#settings-route')).toBe('/api/login');
  });

  it('has no horizontal overflow at 1280 px with every panel open', async () => {
    const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await wide.goto(page.url());
    await wide.waitForSelector('body[data-ready="true"]');
    await wide.click('button[data-action="fresh"]');
    await wide.waitForSelector('#history li');
    await openEveryPanel(wide);
    await wide.screenshot({ path: new URL('01-wide-1280px.png', ARTIFACTS).pathname, fullPage: true });
    expect(await wide.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    for (const selector of ['.actions', '.result', '#result-event', '#result-request', '#settings']) {
      const box = (await wide.locator(selector).boundingBox())!;
      expect(box.x + box.width, selector).toBeLessThanOrEqual(1280);
    }
    await wide.close();
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
    // Time is reported only for stages the request went through.
    if (stage === 'credential') expect(shown.timing).not.toMatch(/authenticate \d/);
    else expect(shown.timing).toMatch(/authenticate \d+\.\d+ ms/);
  });

  it('many logins this hour → 200 step_up: the route ran, saw fingerprint.stepUp, and asks for a second factor', async () => {
    const shown = await press('many-logins', '03-many-logins-step-up');
    expect(shown).toMatchObject({ status: '200', code: 'step_up', stage: 'allowed', rule: 'maxVelocity' });
    expect(shown.message).toMatch(/fingerprint\.stepUp.*one-time code/);
    expect(await page.getAttribute('#result-status', 'class')).toBe('step-up');
    expect(JSON.parse(shown.fingerprint!)).toMatchObject({
      stepUp: { rule: 'maxVelocity', reason: 'failed' },
      replayCheck: 'claimed',
    });
    expect(shown.lights).toMatchObject({ rules: 'passed', binding: 'passed', replay: 'passed', allowed: 'reached' });
    expect(await page.locator('#history li').first().textContent()).toContain('200 step_up (maxVelocity)');
  });

  it('goes through the cside flow: the browser script’s token is exchanged once', async () => {
    const shown = await press('cside', '04-cside');
    expect(shown).toMatchObject({ status: '200', code: 'allowed' });
    expect(JSON.parse(shown.fingerprint!)).toMatchObject({ provider: 'cside', via: 'cside' });
    // The checkout's guard: cside, a bot rule, no bind, no check; its own settings are shown.
    expect(shown.lights).toMatchObject({ rules: 'passed', binding: 'absent', replay: 'passed', check: 'absent' });
    expect(await page.textContent('#settings-route')).toBe('/api/checkout');
    expect(JSON.parse((await page.textContent('#settings'))!)).toEqual({
      cside: { apiKey: 'not shown' },
      deny: { bot: true },
    });
    const again = await press('cside-replay', '05-cside-replay');
    expect(again).toMatchObject({ status: '409', code: 'EVENT_REPLAYED', stage: 'replay' });
    expect(again.message).toBe('This cside session token was already used.');
  });

  it('keeps a history of every decision', async () => {
    expect(await page.locator('#history li').count()).toBe(13);
  });

  it('switches the simulated agent to 3.x: its v3 sealed result is accepted once and judged the same', async () => {
    await page.selectOption('#agent-version', '3.x');
    const shown = await press('fresh', '11-agent-3x');
    expect(shown).toMatchObject({ status: '200', code: 'allowed', stage: 'allowed' });
    expect(JSON.parse(shown.fingerprint!)).toMatchObject({ provider: 'fingerprint', format: 'v3', via: 'sealed' });
    expect(await page.textContent('#result-event')).toContain('"products"');
    expect(await press('replay', '12-agent-3x-replay')).toMatchObject({ status: '409', code: 'EVENT_REPLAYED' });
    expect(await press('vpn', '13-agent-3x-vpn')).toMatchObject({ status: '403', rule: 'vpn', stage: 'rules' });
    await page.selectOption('#agent-version', '4.x');
    expect(JSON.parse((await press('fresh', '14-agent-4x')).fingerprint!)).toMatchObject({ format: 'v4' });
  });

  it('signs up through the Server API with a ruleset: its block is the rule’s own answer, its allow reaches the route', async () => {
    const blocked = await press('ruleset-bot', '15-ruleset-block');
    expect(blocked).toMatchObject({ status: '429', code: 'the rule’s own answer', stage: 'rules', rule: 'ruleAction' });
    expect(blocked.message).toContain('(Retry-After: 3600)');
    expect(blocked.message).toContain('Sign-ups from automated browsers are paused.');
    expect(blocked.fingerprint).toContain('not set');
    expect(await page.textContent('#settings-route')).toBe('/api/signup');
    expect(JSON.parse((await page.textContent('#settings'))!)).toMatchObject({
      fingerprint: { serverApi: { secretKey: 'not shown', rulesetId: 'rs_DemoSignup01' } },
      honorRuleAction: true,
    });
    const allowed = await press('ruleset-fresh', '16-ruleset-allow');
    expect(allowed).toMatchObject({ status: '200', code: 'allowed', stage: 'allowed' });
    expect(JSON.parse(allowed.fingerprint!)).toMatchObject({
      via: 'server-api',
      ruleAction: { type: 'allow', request_header_modifications: { set: [{ name: 'X-Signup-Risk', value: 'low' }] } },
    });
  });

  it('asks for no missing file (favicon)', async () => {
    expect((await page.request.get(new URL('/favicon.svg', page.url()).href)).status()).toBe(200);
  });

  it('fits a 390 px wide phone: the decision scrolls into view, and nothing is cut off', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.waitForSelector('body[data-ready="true"]');
    for (const action of ['vpn', 'fresh']) {
      // The buttons are at the top of the page, the decision below them.
      await phone.evaluate(() => window.scrollTo(0, 0));
      const history = await phone.locator('#history li').count();
      await phone.click(`button[data-action="${action}"]`);
      await phone.waitForFunction((count) => document.querySelectorAll('#history li').length > count, history);
      const verdict = (await phone.locator('#result-status').boundingBox())!;
      expect(verdict.y, action).toBeGreaterThanOrEqual(0);
      expect(verdict.y + verdict.height, action).toBeLessThanOrEqual(844);
      expect(await phone.evaluate(() => window.scrollY), action).toBeGreaterThan(0);
    }
    await phone.screenshot({ path: new URL('06-phone-390px.png', ARTIFACTS).pathname });
    await openEveryPanel(phone);
    await phone.screenshot({ path: new URL('07-phone-390px-open.png', ARTIFACTS).pathname, fullPage: true });
    for (const selector of ['.result', '#pipeline', '#result-message', '#result-fingerprint', '#result-event']) {
      const box = (await phone.locator(selector).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();
  });
});
