/** Normalises a Fingerprint v4 event into the guard's provider-neutral result. */
import type { FingerprintEvent } from '../event/types.js';
import type { FingerprintProviderResult, FingerprintSignals } from './types.js';

export function fingerprintSignals(event: FingerprintEvent): FingerprintSignals {
  const blocklist = event.ip_blocklist;
  return {
    bot: event.bot === undefined ? undefined : event.bot === 'bad',
    goodBot: event.bot === undefined ? undefined : event.bot === 'good',
    vpn: event.vpn,
    proxy: event.proxy,
    tor: blocklist?.tor_node,
    tampering: event.tampering,
    incognito: event.incognito,
    virtualMachine: event.virtual_machine,
    developerTools: event.developer_tools,
    emulator: event.emulator,
    privacySettings: event.privacy_settings,
    jailbroken: event.jailbroken,
    frida: event.frida,
    clonedApp: event.cloned_app,
    rootApps: event.root_apps,
    locationSpoofing: event.location_spoofing,
    mitmAttack: event.mitm_attack,
    highActivity: event.high_activity_device,
    ipBlocklisted:
      blocklist?.attack_source === undefined && blocklist?.email_spam === undefined
        ? undefined
        : blocklist.attack_source === true || blocklist.email_spam === true,
  };
}

export function fromFingerprintEvent(event: FingerprintEvent, via: 'sealed' | 'server-api', keyIndex?: number): FingerprintProviderResult {
  return {
    provider: 'fingerprint',
    via,
    eventId: event.event_id,
    visitorId: event.identification?.visitor_id,
    timestamp: event.timestamp,
    confidence: event.identification?.confidence?.score,
    signals: fingerprintSignals(event),
    event,
    ...(keyIndex === undefined ? {} : { keyIndex }),
    replayCheck: 'claimed',
  };
}
