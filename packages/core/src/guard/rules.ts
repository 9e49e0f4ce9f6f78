/** The declarative rules: deny on signals, and a minimum confidence. */
import { configError, FingerprintGuardError } from '../errors.js';
import type { DenyRules, Fingerprint, SignalName } from './types.js';

const SIGNALS: ReadonlySet<string> = new Set<SignalName>([
  'bot', 'goodBot', 'vpn', 'proxy', 'tor', 'tampering', 'incognito', 'virtualMachine', 'developerTools', 'emulator',
  'privacySettings', 'jailbroken', 'frida', 'clonedApp', 'rootApps', 'locationSpoofing', 'mitmAttack', 'highActivity',
  'ipBlocklisted',
]);

export type RuleCheck = (fingerprint: Fingerprint) => FingerprintGuardError | undefined;

/** Checks the rules once and returns one function that applies them all. */
export function compileRules(deny: DenyRules = {}, minConfidence?: number): RuleCheck {
  if (typeof deny !== 'object' || deny === null) throw configError('deny must be an object such as { bot: true }.');
  const denied: SignalName[] = [];
  for (const [name, on] of Object.entries(deny)) {
    if (!SIGNALS.has(name)) throw configError(`deny.${name} is not a signal; known: ${[...SIGNALS].join(', ')}.`);
    if (typeof on !== 'boolean') throw configError(`deny.${name} must be true or false.`);
    if (on) denied.push(name as SignalName);
  }
  if (minConfidence !== undefined && !(typeof minConfidence === 'number' && minConfidence >= 0 && minConfidence <= 1)) {
    throw configError('minConfidence must be a number from 0 to 1.');
  }
  return (fingerprint) => {
    for (const name of denied) {
      if (fingerprint.signals[name] === true) return deniedBy(name, `The request was denied: ${name} detected.`);
    }
    // cside reports no identification confidence, so the rule is Fingerprint's alone.
    if (minConfidence !== undefined && fingerprint.provider === 'fingerprint' && !((fingerprint.confidence ?? -1) >= minConfidence)) {
      return deniedBy('minConfidence', `The request was denied: identification confidence is below ${minConfidence}.`);
    }
    return undefined;
  };
}

export function deniedBy(rule: string, message: string, cause?: unknown): FingerprintGuardError {
  return new FingerprintGuardError('EVENT_DENIED', message, { cause, rule });
}
