// allowBots lets identified bots through the bot rules only when their identity checks out; a
// spoofed identity is a bad bot. The bot_info fixtures below are shaped like the bot_info examples
// of Fingerprint's Server API schema 3.7.0 (our own values); the example itself is in v4-examples.test.ts.
import { describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type BotInfo,
  type DecisionReport,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '../src/index.js';
import { createEvent, expectConfigError, expectGuardError, generateKey, sealEvent } from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
const guardWith = (options: Partial<FingerprintGuardOptions>) =>
  createFingerprintGuard({
    fingerprint: { keys: [key] },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const sealed = (overrides: Partial<FingerprintEvent>) => ({
  headers: { 'fingerprint-sealed-result': sealEvent(createEvent(overrides), key) },
});

/** An AI agent that signs its requests (Web Bot Auth), as Fingerprint reports one: a good bot. */
const SIGNED_AGENT: Partial<FingerprintEvent> = {
  bot: 'good',
  bot_type: 'operator_agent',
  bot_info: {
    category: 'ai_agent',
    provider: 'Example AI',
    provider_url: 'https://ai.example',
    name: 'Example Operator',
    identity: 'signed',
    confidence: 'high',
  },
};
/** A search engine crawler whose IP checks out: a good, verified bot. */
const VERIFIED_CRAWLER: Partial<FingerprintEvent> = {
  bot: 'good',
  bot_type: 'examplebot',
  bot_info: {
    category: 'search_engine_crawler',
    provider: 'Example Search',
    name: 'ExampleBot',
    identity: 'verified',
    confidence: 'high',
  },
};
/** Automation that claims to be that AI agent: Fingerprint finds the identity spoofed and calls it bad. */
const SPOOFED_AGENT: Partial<FingerprintEvent> = {
  bot: 'bad',
  bot_type: 'headless_chrome',
  bot_info: { ...(SIGNED_AGENT.bot_info as BotInfo), identity: 'spoofed', confidence: 'medium' },
};

describe('allowBots', () => {
  it('lets a listed category through deny.goodBot when its identity is verified or signed, and no other', async () => {
    const guard = guardWith({ deny: { bot: true, goodBot: true }, allowBots: { categories: ['ai_agent'] } });
    await expect(guard.verify(sealed(SIGNED_AGENT))).resolves.toMatchObject({ signals: { goodBot: true } });
    expect((await guard.decide(sealed(VERIFIED_CRAWLER))).rule).toBe('goodBot');
    expect((await guard.decide(sealed({ bot: 'good' }))).rule).toBe('goodBot');
  });

  it('lets a listed category through deny.bot when Fingerprint calls it bad but its identity is signed', async () => {
    const signedButBad = { ...SIGNED_AGENT, bot: 'bad' as const };
    await expect(
      guardWith({ deny: { bot: true }, allowBots: { categories: ['ai_agent'] } }).verify(sealed(signedButBad)),
    ).resolves.toBeDefined();
    expect((await guardWith({ deny: { bot: true } }).decide(sealed(signedButBad))).rule).toBe('bot');
  });

  it('attack: automation claiming an allowed AI agent, identity spoofed, is denied by deny.bot', async () => {
    const guard = guardWith({ deny: { bot: true }, allowBots: { categories: ['ai_agent'], identities: ['signed'] } });
    const error = await expectGuardError(guard.verify(sealed(SPOOFED_AGENT)), 'EVENT_DENIED');
    expect([error.rule, error.message]).toEqual(['bot', expect.stringContaining('spoofed')]);
    // Whatever the verdict says: a spoofed identity is a bad bot, allowBots or not.
    for (const bot of ['good', 'not_detected'] as const) {
      expect((await guard.decide(sealed({ ...SPOOFED_AGENT, bot }))).rule).toBe('bot');
      expect((await guardWith({ deny: { bot: true } }).decide(sealed({ ...SPOOFED_AGENT, bot }))).rule).toBe('bot');
    }
  });

  it('an identity that proves nothing, or one not listed, is not let through', async () => {
    const unknown = {
      ...SIGNED_AGENT,
      bot: 'bad' as const,
      bot_info: { ...SIGNED_AGENT.bot_info!, identity: 'unknown' as const },
    };
    const verifiedOnly = guardWith({ deny: { bot: true, goodBot: true }, allowBots: { identities: ['verified'] } });
    expect((await verifiedOnly.decide(sealed(unknown))).rule).toBe('bot');
    expect((await verifiedOnly.decide(sealed(SIGNED_AGENT))).rule).toBe('goodBot');
    await expect(verifiedOnly.verify(sealed(VERIFIED_CRAWLER))).resolves.toBeDefined();
    const { bot_info: _none, ...unidentified } = { ...SIGNED_AGENT, bot: 'bad' as const };
    expect((await verifiedOnly.decide(sealed(unidentified))).rule).toBe('bot');
  });

  it('without categories, every verified or signed bot; a category newer than the types is a plain string', async () => {
    const guard = guardWith({ deny: { goodBot: true }, allowBots: {} });
    await expect(guard.verify(sealed(SIGNED_AGENT))).resolves.toBeDefined();
    await expect(guard.verify(sealed(VERIFIED_CRAWLER))).resolves.toBeDefined();
    const newer = { ...VERIFIED_CRAWLER, bot_info: { ...VERIFIED_CRAWLER.bot_info!, category: 'ai_shopping_agent' } };
    const listed = guardWith({ deny: { goodBot: true }, allowBots: { categories: ['ai_shopping_agent'] } });
    await expect(listed.verify(sealed(newer))).resolves.toBeDefined();
    expect((await listed.decide(sealed(VERIFIED_CRAWLER))).rule).toBe('goodBot');
  });

  it('a partially completed identification carries no Smart Signals: its bot_info lets nothing through', async () => {
    const partial = {
      ...SIGNED_AGENT,
      bot: 'bad' as const,
      incremental_identification_status: 'partially_completed' as const,
    };
    const decision = await guardWith({ deny: { bot: true }, allowBots: {} }).decide(sealed(partial));
    expect(decision).toMatchObject({ allowed: false, rule: 'bot' });
    expect(decision.error?.message).toContain('not reported');
  });

  it('is CONFIG_INVALID without a bot rule, with an identity that proves nothing, or an empty list', () => {
    expect(expectConfigError(() => guardWith({ allowBots: { categories: ['ai_agent'] } })).message).toContain(
      'allowBots',
    );
    expectConfigError(() => guardWith({ deny: { vpn: true }, allowBots: {} }));
    expect(guardWith({ stepUp: { bot: true }, allowBots: {} })).toBeDefined();
    const withBot = (allowBots: unknown) => () => guardWith({ deny: { bot: true }, allowBots: allowBots as never });
    expect(expectConfigError(withBot({ identities: ['spoofed'] })).message).toContain('allowBots.identities');
    expect(expectConfigError(withBot({ categories: [] })).message).toContain('allowBots.categories');
    expect(expectConfigError(withBot({ categories: 'ai_agent' })).message).toContain('allowBots.categories');
    expect(expectConfigError(withBot({ categries: ['ai_agent'] })).message).toContain(
      'did you mean allowBots.categories?',
    );
  });
});

describe('decisions report the bot', () => {
  it("onDecision gets the bot's category, provider and identity, never its name or URL", async () => {
    const seen: DecisionReport[] = [];
    const guard = guardWith({ deny: { bot: true }, onDecision: (decision) => void seen.push(decision) });
    await guard.decide(sealed(SPOOFED_AGENT));
    await guard.decide(sealed(VERIFIED_CRAWLER));
    await guard.decide(sealed({}));
    expect(seen.map(({ outcome, bot }) => ({ outcome, bot }))).toEqual([
      { outcome: 'EVENT_DENIED', bot: { category: 'ai_agent', provider: 'Example AI', identity: 'spoofed' } },
      {
        outcome: 'allowed',
        bot: { category: 'search_engine_crawler', provider: 'Example Search', identity: 'verified' },
      },
      { outcome: 'allowed', bot: undefined },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/Example Operator|ai\.example/);
  });
});
