/**
 * Normalises a v3 `{ products }` response (3.x agents, the v3 Server API) into the guard's
 * result, reading each signal as strictly as the v4 reader: only a boolean `data.result` is a
 * report, and a product that carries an `error` (v3 responses can be partial) reports nothing.
 */
import type { FingerprintEventV3 } from '../event/types.js';
import type { FingerprintV3Result } from '../result/fingerprint.js';
import { anyOf, finite, flag } from '../result/reports.js';
import type { FingerprintSignals } from '../result/signals.js';

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A product's `data`, or `undefined` when the product is absent, malformed or reports an `error`. */
function dataOf(event: FingerprintEventV3, product: string): Record<string, unknown> | undefined {
  const entry = record(record(event.products)?.[product]);
  if (entry === undefined || Object.hasOwn(entry, 'error')) return undefined;
  return record(entry.data);
}

/** `data.result` of a one-verdict product, when it is a boolean. */
const result = (event: FingerprintEventV3, product: string) => flag(dataOf(event, product)?.result);

/** `bad` / `good` / `notDetected`, the only verdicts the v3 schema has; anything else is unreported. */
function botVerdict(event: FingerprintEventV3, is: 'bad' | 'good'): boolean | undefined {
  const verdict = record(dataOf(event, 'botd')?.bot)?.result;
  return verdict === 'bad' || verdict === 'good' || verdict === 'notDetected' ? verdict === is : undefined;
}

/**
 * The signals a v3 response reports, under the same names as v4 (the v3 → v4 mapping of
 * Fingerprint's migration guide): `tor` from the `tor` product, `ipBlocklisted` from
 * `ipBlocklist.details`, `incognito` from the Smart Signal or the identification's own flag.
 */
export function fingerprintSignalsV3(event: FingerprintEventV3): FingerprintSignals {
  const identification = dataOf(event, 'identification');
  const blocklist = record(dataOf(event, 'ipBlocklist')?.details);
  return {
    bot: botVerdict(event, 'bad'),
    goodBot: botVerdict(event, 'good'),
    vpn: result(event, 'vpn'),
    proxy: result(event, 'proxy'),
    tor: result(event, 'tor'),
    tampering: result(event, 'tampering'),
    incognito: anyOf(result(event, 'incognito'), flag(identification?.incognito)),
    virtualMachine: result(event, 'virtualMachine'),
    developerTools: result(event, 'developerTools'),
    emulator: result(event, 'emulator'),
    privacySettings: result(event, 'privacySettings'),
    jailbroken: result(event, 'jailbroken'),
    frida: result(event, 'frida'),
    clonedApp: result(event, 'clonedApp'),
    rootApps: result(event, 'rootApps'),
    locationSpoofing: result(event, 'locationSpoofing'),
    mitmAttack: result(event, 'mitmAttack'),
    highActivity: result(event, 'highActivity'),
    // v3 has no active call signal: a rule on it is not evaluable for a 3.x agent's result.
    rareDevice: result(event, 'rareDevice'),
    antiDetectBrowser: flag(dataOf(event, 'tampering')?.antiDetectBrowser),
    ipBlocklisted: anyOf(flag(blocklist?.attackSource), flag(blocklist?.emailSpam)),
    replayed: flag(identification?.replayed),
  };
}

/** The Suspect Score (`suspectScore.data.result`), when reported. */
export const suspectScoreV3 = (event: FingerprintEventV3): number | undefined =>
  finite(dataOf(event, 'suspectScore')?.result);

/** Where the identification says it was made, for `bind`: its `ip`, `url`, `linkedId` and `environmentId`. */
export function originV3(event: FingerprintEventV3): {
  ip?: string;
  url?: string;
  linkedId?: string;
  environmentId?: string;
} {
  const identification = dataOf(event, 'identification');
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    ip: text(identification?.ip),
    url: text(identification?.url),
    linkedId: text(identification?.linkedId),
    environmentId: text(identification?.environmentId),
  };
}

/** A checked v3 response (`toFingerprintEventV3`) as the guard's result: `eventId` is its `requestId`. */
export function fromFingerprintEventV3(
  event: FingerprintEventV3,
  via: 'sealed' | 'server-api',
  keyIndex?: number,
): FingerprintV3Result {
  const identification = event.products.identification!.data!;
  const visitorId: unknown = identification.visitorId;
  const result: FingerprintV3Result = {
    provider: 'fingerprint',
    format: 'v3',
    via,
    eventId: identification.requestId,
    visitorId: typeof visitorId === 'string' ? visitorId : undefined,
    timestamp: identification.timestamp,
    confidence: finite(record(identification.confidence)?.score),
    signals: fingerprintSignalsV3(event),
    event,
    replayCheck: 'not-reached',
  };
  // As the v4 reader: set only when present, without a spread.
  if (keyIndex !== undefined) result.keyIndex = keyIndex;
  return result;
}
