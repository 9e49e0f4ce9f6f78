/** Normalises a Fingerprint v4 event into the guard's provider-neutral result, reading signals strictly. */
import type { EventRuleAction, FingerprintEvent } from '../event/types.js';
import { anyOf, finite, flag } from '../result/reports.js';
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintV4Result } from '../result/fingerprint.js';
import type { FingerprintSignals } from '../result/signals.js';

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** `bad` / `good` / `not_detected`, the only verdicts the schema has; anything else is unreported. */
function botVerdict(value: unknown, is: 'bad' | 'good'): boolean | undefined {
  return value === 'bad' || value === 'good' || value === 'not_detected' ? value === is : undefined;
}

/**
 * The signals an event reports. A `partially_completed` identification has no Smart Signals
 * (the schema says they are not computed and must be ignored): all are `undefined`, so a rule
 * on one denies unless `onUnavailableSignal: 'allow'`.
 */
export function fingerprintSignals(event: FingerprintEvent): FingerprintSignals {
  if (isPartial(event)) return {};
  const blocklist = record(event.ip_blocklist);
  return {
    bot: botVerdict(event.bot, 'bad'),
    goodBot: botVerdict(event.bot, 'good'),
    vpn: flag(event.vpn),
    proxy: flag(event.proxy),
    tor: flag(blocklist?.tor_node),
    tampering: flag(event.tampering),
    incognito: flag(event.incognito),
    virtualMachine: flag(event.virtual_machine),
    developerTools: flag(event.developer_tools),
    // An iOS simulator is Apple's emulator.
    emulator: anyOf(flag(event.emulator), flag(event.simulator)),
    privacySettings: flag(event.privacy_settings),
    jailbroken: flag(event.jailbroken),
    frida: flag(event.frida),
    clonedApp: flag(event.cloned_app),
    rootApps: flag(event.root_apps),
    locationSpoofing: flag(event.location_spoofing),
    mitmAttack: flag(event.mitm_attack),
    highActivity: flag(event.high_activity_device),
    activeCall: flag(event.active_call),
    rareDevice: flag(event.rare_device),
    antiDetectBrowser: flag(record(event.tampering_details)?.anti_detect_browser),
    ipBlocklisted: anyOf(flag(blocklist?.attack_source), flag(blocklist?.email_spam)),
    replayed: flag(event.replayed),
  };
}

/** The event's `rule_action` when it is an object with a string `type` (a block missing other fields still blocks). */
function ruleActionOf(value: unknown): EventRuleAction | undefined {
  const action = record(value);
  return typeof action?.type === 'string' ? (action as EventRuleAction) : undefined;
}

export function isPartial(event: FingerprintEvent): boolean {
  return event.incremental_identification_status === 'partially_completed';
}

/**
 * The result of an identification made on the device (a sealed result, or an event fetched by
 * its id). An event of `source: 'edge'` is an agentless evaluation of some HTTP request, not an
 * identification of this browser: `EVENT_DENIED`, rule `source`.
 */
export function fromFingerprintEvent(
  event: FingerprintEvent,
  via: 'sealed' | 'server-api',
  keyIndex?: number,
): FingerprintV4Result {
  if (event.source === 'edge') {
    throw new FingerprintGuardError(
      'EVENT_DENIED',
      "The request was denied: the event is an agentless edge evaluation (source 'edge'), not an identification made by a browser.",
      { rule: 'source' },
    );
  }
  const identification = record(event.identification);
  const visitorId = identification?.visitor_id;
  const ruleAction = ruleActionOf(event.rule_action);
  const result: FingerprintV4Result = {
    provider: 'fingerprint',
    format: 'v4',
    via,
    eventId: event.event_id,
    visitorId: typeof visitorId === 'string' ? visitorId : undefined,
    timestamp: event.timestamp,
    confidence: finite(record(identification?.confidence)?.score),
    signals: fingerprintSignals(event),
    event,
    replayCheck: 'not-reached',
  };
  // Set only when present (no key holding undefined), and without spreading: spreads cost a copy a request.
  if (keyIndex !== undefined) result.keyIndex = keyIndex;
  if (ruleAction !== undefined) result.ruleAction = ruleAction;
  return result;
}
