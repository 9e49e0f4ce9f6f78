/** What the adapter scenario table shares with the apps under test: their contract, and its fixtures. */
import {
  SIGNAL_NAMES,
  type Fingerprint,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '@fingerprint-guard/core';

export interface GuardedApp {
  /** The guarded route: `POST` with a JSON body or headers. */
  url: string;
  close(): Promise<void>;
}

/** How the table asks an app to run. */
export interface GuardedAppSettings {
  /**
   * The address to listen on: `'127.0.0.1'` (default) or `'::'`, where an IPv4 client's address
   * is IPv4-mapped (`::ffff:127.0.0.1`).
   */
  host: '127.0.0.1' | '::';
}

/**
 * Starts an app whose route at `url` is guarded by the adapter with `options`, reads JSON bodies,
 * answers a denial the adapter's default way, and answers a request it lets through with 200 and
 * `describeFingerprint(fingerprint)` as JSON. An adapter whose framework has no client IP adds a
 * `clientIp` option reading the socket's address (never a client-set header), unless `options`
 * carry their own (the `ipFrom` rows). `options` may be a
 * function returning them: the adapter's lazily configured form, read at the first request (an
 * app that adds options adds them inside the function).
 */
export type StartGuardedApp = (
  options: FingerprintGuardOptions<never> | (() => FingerprintGuardOptions<never>),
  settings: GuardedAppSettings,
) => Promise<GuardedApp>;

/** Event ids of the results routes described: how the table knows a route ran (the apps run in the table's process). */
const described = new Set<string>();

/** Whether a route ran with the result of `eventId` (it called `describeFingerprint`). */
export const routeRanWith = (eventId: string) => described.has(eventId);

/** What the scenario table's routes answer with: the parts of the result it checks. */
export function describeFingerprint(fingerprint: Fingerprint | undefined) {
  if (fingerprint) described.add(fingerprint.eventId);
  return {
    eventId: fingerprint?.eventId ?? null,
    visitorId: fingerprint?.visitorId ?? null,
    keyIndex: fingerprint?.provider === 'fingerprint' ? (fingerprint.keyIndex ?? null) : null,
    replayCheck: fingerprint?.replayCheck ?? null,
    denial: fingerprint?.denial?.code ?? null,
    stepUp: fingerprint?.stepUp ?? null,
    // Every signal, `null` when not reported, so that JSON keeps the difference from `false`.
    signals: fingerprint
      ? Object.fromEntries(SIGNAL_NAMES.map((name) => [name, fingerprint.signals[name] ?? null]))
      : null,
  };
}

/** For each deny rule, an event that raises exactly that signal. */
export const SIGNAL_EVENTS: Readonly<Record<(typeof SIGNAL_NAMES)[number], Partial<FingerprintEvent>>> = {
  bot: { bot: 'bad' },
  goodBot: { bot: 'good' },
  vpn: { vpn: true },
  proxy: { proxy: true },
  tor: { ip_blocklist: { tor_node: true, attack_source: false, email_spam: false } },
  tampering: { tampering: true },
  incognito: { incognito: true },
  virtualMachine: { virtual_machine: true },
  developerTools: { developer_tools: true },
  emulator: { emulator: true },
  privacySettings: { privacy_settings: true },
  jailbroken: { jailbroken: true },
  frida: { frida: true },
  clonedApp: { cloned_app: true },
  rootApps: { root_apps: true },
  locationSpoofing: { location_spoofing: true },
  mitmAttack: { mitm_attack: true },
  highActivity: { high_activity_device: true },
  ipBlocklisted: { ip_blocklist: { tor_node: false, attack_source: true, email_spam: false } },
  replayed: { replayed: true },
  activeCall: { active_call: true },
  rareDevice: { rare_device: true, rare_device_percentile_bucket: 'p99.9+' },
  antiDetectBrowser: { tampering_details: { anomaly_score: 0.93, anti_detect_browser: true } },
};

/** A desktop event does not report the mobile-only signals; the table's events report them all (as false). */
export const REPORTS_EVERY_SIGNAL: Partial<FingerprintEvent> = {
  cloned_app: false,
  root_apps: false,
  jailbroken: false,
  frida: false,
  active_call: false,
};

/** Reads `x-session-id` from any framework's request: Node headers, Web `Headers`, or Koa's context. */
export function linkedIdFromHeader(request: unknown): string | undefined {
  const target = request as { headers?: unknown; request?: { headers?: unknown } };
  const headers = (target.headers ?? target.request?.headers) as Headers | Record<string, unknown> | undefined;
  const value =
    typeof (headers as Headers | undefined)?.get === 'function'
      ? (headers as Headers).get('x-session-id')
      : (headers as Record<string, unknown> | undefined)?.['x-session-id'];
  return typeof value === 'string' ? value : undefined;
}

export function flipBit(sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  bytes[30]! ^= 0x80;
  return bytes.toString('base64');
}

export function withHeader(sealed: string, header: number[]): string {
  return Buffer.concat([Buffer.from(header), Buffer.from(sealed, 'base64').subarray(4)]).toString('base64');
}
