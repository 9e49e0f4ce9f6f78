/** The provider-neutral risk signals, declared once: deny rules, checks and test tables derive from them. */

/** Boolean risk signals, the same names whatever the provider; `undefined` when not reported. */
export interface FingerprintSignals {
  /** A bad bot (automation) was detected. */
  bot?: boolean;
  /** A known good bot (search engine, monitoring) was detected. */
  goodBot?: boolean;
  vpn?: boolean;
  proxy?: boolean;
  tor?: boolean;
  tampering?: boolean;
  incognito?: boolean;
  virtualMachine?: boolean;
  developerTools?: boolean;
  emulator?: boolean;
  privacySettings?: boolean;
  jailbroken?: boolean;
  frida?: boolean;
  clonedApp?: boolean;
  rootApps?: boolean;
  locationSpoofing?: boolean;
  mitmAttack?: boolean;
  highActivity?: boolean;
  /** The IP is on a blocklist (attack source or e-mail spam). */
  ipBlocklisted?: boolean;
  /** The provider's own verdict that this payload was replayed (Fingerprint `replayed`). */
  replayed?: boolean;
  /** A phone or VoIP call was active on the device (Fingerprint `active_call`; Android and iOS SDKs 2.16+). */
  activeCall?: boolean;
  /** A device configuration rarely seen (Fingerprint `rare_device`; web, beta). */
  rareDevice?: boolean;
  /** An anti-detect browser (Fingerprint `tampering_details.anti_detect_browser`). */
  antiDetectBrowser?: boolean;
}

export type SignalName = keyof FingerprintSignals;

/** Every key of `FingerprintSignals`; the compiler holds this list and the interface together. */
const SIGNALS = {
  bot: true,
  goodBot: true,
  vpn: true,
  proxy: true,
  tor: true,
  tampering: true,
  incognito: true,
  virtualMachine: true,
  developerTools: true,
  emulator: true,
  privacySettings: true,
  jailbroken: true,
  frida: true,
  clonedApp: true,
  rootApps: true,
  locationSpoofing: true,
  mitmAttack: true,
  highActivity: true,
  ipBlocklisted: true,
  replayed: true,
  activeCall: true,
  rareDevice: true,
  antiDetectBrowser: true,
} as const satisfies Record<SignalName, true>;

export const SIGNAL_NAMES = Object.keys(SIGNALS) as SignalName[];
