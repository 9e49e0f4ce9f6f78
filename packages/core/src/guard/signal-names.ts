/** The signal names, declared once: deny rules, checks and test tables derive from this list. */
import type { SignalName } from './types.js';

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
} as const satisfies Record<SignalName, true>;

export const SIGNAL_NAMES = Object.keys(SIGNALS) as SignalName[];

export function isSignalName(name: string): name is SignalName {
  return Object.hasOwn(SIGNALS, name);
}
