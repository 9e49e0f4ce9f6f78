// A 3.x agent's sealed result is accepted, replayed, expired and denied exactly as the 4.x agent's
// for the same identification: one table of scenarios, each sealed both ways through one guard.
import { describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '../src/index.js';
import { createEvent, generateKey, sealEvent, toEventV3 } from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });

interface Scenario {
  name: string;
  event: Partial<FingerprintEvent>;
  options?: Partial<FingerprintGuardOptions>;
  /** The request's client IP and Origin, for bind. */
  ip?: string;
  origin?: string;
  expected: string;
}

const old = Date.now() - 5 * 60_000;
const SCENARIOS: Scenario[] = [
  { name: 'a fresh identification', event: {}, expected: 'allowed' },
  { name: 'a stale one', event: { timestamp: old }, expected: 'EVENT_EXPIRED' },
  { name: 'one from the future', event: { timestamp: Date.now() + 60_000 }, expected: 'EVENT_FROM_FUTURE' },
  { name: 'a bad bot', event: { bot: 'bad' }, options: { deny: { bot: true } }, expected: 'EVENT_DENIED:bot' },
  {
    name: 'a good bot',
    event: { bot: 'good' },
    options: { deny: { goodBot: true } },
    expected: 'EVENT_DENIED:goodBot',
  },
  { name: 'a good bot, deny.bot', event: { bot: 'good' }, options: { deny: { bot: true } }, expected: 'allowed' },
  { name: 'a VPN', event: { vpn: true }, options: { deny: { vpn: true } }, expected: 'EVENT_DENIED:vpn' },
  { name: 'a proxy', event: { proxy: true }, options: { deny: { proxy: true } }, expected: 'EVENT_DENIED:proxy' },
  {
    name: 'Tor',
    event: { ip_blocklist: { tor_node: true, attack_source: false, email_spam: false } },
    options: { deny: { tor: true } },
    expected: 'EVENT_DENIED:tor',
  },
  {
    name: 'an attack source',
    event: { ip_blocklist: { tor_node: false, attack_source: true, email_spam: false } },
    options: { deny: { ipBlocklisted: true } },
    expected: 'EVENT_DENIED:ipBlocklisted',
  },
  {
    name: 'tampering',
    event: { tampering: true },
    options: { deny: { tampering: true } },
    expected: 'EVENT_DENIED:tampering',
  },
  {
    name: 'incognito',
    event: { incognito: true },
    options: { deny: { incognito: true } },
    expected: 'EVENT_DENIED:incognito',
  },
  {
    name: 'a virtual machine',
    event: { virtual_machine: true },
    options: { deny: { virtualMachine: true } },
    expected: 'EVENT_DENIED:virtualMachine',
  },
  {
    name: 'a replay Fingerprint saw',
    event: { replayed: true },
    options: { deny: { replayed: true } },
    expected: 'EVENT_DENIED:replayed',
  },
  {
    name: 'an unreported signal',
    event: { frida: undefined },
    options: { deny: { frida: true } },
    expected: 'EVENT_DENIED:frida',
  },
  {
    name: 'an unreported signal, onUnavailableSignal allow',
    event: { frida: undefined },
    options: { deny: { frida: true }, onUnavailableSignal: 'allow' },
    expected: 'allowed',
  },
  {
    name: 'low confidence',
    event: { identification: { visitor_id: 'LowConfidenceVisitor', visitor_found: true, confidence: { score: 0.4 } } },
    options: { minConfidence: 0.9 },
    expected: 'EVENT_DENIED:minConfidence',
  },
  {
    name: 'a high Suspect Score',
    event: { suspect_score: 30 },
    options: { maxSuspectScore: 10 },
    expected: 'EVENT_DENIED:maxSuspectScore',
  },
  {
    name: 'made from another IP',
    event: { ip_address: '198.51.100.23' },
    options: { bind: { ip: true } },
    ip: '203.0.113.42',
    expected: 'EVENT_DENIED:ip',
  },
  { name: 'made from this IP', event: {}, options: { bind: { ip: true } }, ip: '203.0.113.42', expected: 'allowed' },
  {
    name: 'made on another site',
    event: { url: 'https://phishing.example/login' },
    options: { bind: { origin: ['https://shop.example.com'] } },
    expected: 'EVENT_DENIED:origin',
  },
  {
    name: 'sent from another origin',
    event: {},
    options: { bind: { origin: ['https://shop.example.com'] } },
    origin: 'https://phishing.example',
    expected: 'EVENT_DENIED:origin',
  },
  {
    name: 'made for another session',
    event: { linked_id: 'session-a' },
    options: { bind: { linkedId: () => 'session-b' } },
    expected: 'EVENT_DENIED:linkedId',
  },
  {
    name: 'made for this session',
    event: { linked_id: 'session-a' },
    options: { bind: { linkedId: () => 'session-a' } },
    expected: 'allowed',
  },
];

describe('a 3.x agent’s sealed result is judged as the 4.x agent’s for the same identification', () => {
  it.each(SCENARIOS)('$name: $expected', async ({ event: fields, options = {}, ip, origin, expected }) => {
    const outcomes: string[] = [];
    const v4 = createEvent(fields);
    for (const payload of [v4, toEventV3(v4)]) {
      const guard = createFingerprintGuard({
        fingerprint: { keys: [key], formats: ['v4', 'v3'] },
        replay: { store: new MemoryReplayStore() },
        logger: quiet(),
        ...options,
      });
      const request = {
        headers: { 'fingerprint-sealed-result': sealEvent(payload, key), ...(origin ? { origin } : {}) },
        ip,
      };
      const decision = await guard.decide(request);
      outcomes.push(decision.allowed ? 'allowed' : [decision.error!.code, decision.rule].filter(Boolean).join(':'));
      if (decision.allowed) {
        expect(decision.fingerprint).toMatchObject({ eventId: v4.event_id, timestamp: v4.timestamp });
        const again = await guard.decide(request);
        outcomes.push(again.error?.code ?? 'allowed twice');
      }
    }
    const [v4Outcome, ...rest] = outcomes;
    expect(v4Outcome).toBe(expected);
    expect(outcomes.slice(outcomes.length / 2)).toEqual(outcomes.slice(0, outcomes.length / 2));
    if (expected === 'allowed') expect(rest).toContain('EVENT_REPLAYED');
  });

  it('each v3 result carries the same normalised fields as its v4 twin, format aside', async () => {
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key], formats: ['v4', 'v3'] },
      replay: false,
      logger: quiet(),
    });
    const v4 = createEvent({ vpn: true, bot: 'bad', suspect_score: 7, linked_id: 'l' });
    const [a, b] = await Promise.all(
      [v4, toEventV3(v4)].map((payload) =>
        guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(payload, key) } }),
      ),
    );
    const strip = ({ event: _event, format: _format, ...rest }: Record<string, unknown>) => rest;
    expect(strip(b as never)).toEqual(strip(a as never));
    expect([a!.provider === 'fingerprint' && a!.format, b!.provider === 'fingerprint' && b!.format]).toEqual([
      'v4',
      'v3',
    ]);
  });

  it('a sealed result and its 3.x twin share one replay key: the second is EVENT_REPLAYED', async () => {
    const guard = createFingerprintGuard({
      fingerprint: { keys: [key], formats: ['v4', 'v3'] },
      replay: { store: new MemoryReplayStore() },
      logger: quiet(),
    });
    const v4 = createEvent();
    await guard.verify({ headers: { 'fingerprint-sealed-result': sealEvent(v4, key) } });
    const twin = await guard.decide({ headers: { 'fingerprint-sealed-result': sealEvent(toEventV3(v4), key) } });
    expect(twin.error?.code).toBe('EVENT_REPLAYED');
  });
});
