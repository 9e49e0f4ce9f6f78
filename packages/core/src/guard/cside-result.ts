/** Normalises a cside `/token/v2/verify` payload into the guard's provider-neutral result. */
import type { CsideVerifyResponse } from '../cside/types.js';
import { FingerprintGuardError } from '../errors.js';
import { platform } from '../platform/node.js';
import type { CsideResult, FingerprintSignals } from './types.js';

/**
 * The replay key of a session token: a token is good for one guarded request. Only its hash is
 * stored or logged, so the store never holds a usable token.
 */
export function csideEventId(token: string): string {
  return `cside:${platform.sha256Base64Url(token)}`;
}

/** `created_at` as epoch ms: ISO text, or a number in seconds or milliseconds. */
export function csideTimestamp(createdAt: string | number): number {
  const ms = typeof createdAt === 'number' ? (createdAt < 1e12 ? createdAt * 1000 : createdAt) : Date.parse(createdAt);
  if (!Number.isFinite(ms)) {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', 'cside answered with a created_at that is not a time.');
  }
  return ms;
}

const flag = (value: unknown) => (typeof value === 'boolean' ? value : undefined);

/**
 * Only what cside documents is read: `bot.result` ("detected" / "not_detected") and the flat
 * booleans of its response reference, when present. The enrichment objects have no public shape;
 * write a `check` over `fingerprint.event` to use them.
 */
function csideSignals(payload: CsideVerifyResponse): FingerprintSignals {
  const botResult = (payload.bot as { result?: unknown } | undefined)?.result;
  const blocklist = payload.ip_blocklist as { tor_node?: unknown; attack_source?: unknown; email_spam?: unknown } | undefined;
  return {
    bot: typeof botResult === 'string' ? botResult === 'detected' : undefined,
    vpn: flag(payload.vpn),
    proxy: flag(payload.proxy),
    tor: flag(blocklist?.tor_node),
    tampering: flag(payload.tampering),
    incognito: flag(payload.incognito),
    virtualMachine: flag(payload.virtual_machine),
    developerTools: flag(payload.developer_tools),
    emulator: flag(payload.emulator),
    jailbroken: flag(payload.jailbroken),
    frida: flag(payload.frida),
    rootApps: flag(payload.root_apps),
    mitmAttack: flag(payload.mitm_attack),
    highActivity: flag(payload.high_activity_device),
    ipBlocklisted:
      blocklist === undefined ? undefined : blocklist.attack_source === true || blocklist.email_spam === true,
  };
}

/** A stable id, when the undocumented `fingerprint` enrichment carries one as text or as `id`. */
function csideVisitorId(payload: CsideVerifyResponse): string | undefined {
  const { fingerprint } = payload;
  if (typeof fingerprint === 'string') return fingerprint;
  const id = (fingerprint as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

export function fromCsideEvaluation(payload: CsideVerifyResponse, token: string): CsideResult {
  return {
    provider: 'cside',
    via: 'cside',
    eventId: csideEventId(token),
    visitorId: csideVisitorId(payload),
    timestamp: csideTimestamp(payload.created_at),
    signals: csideSignals(payload),
    event: payload,
    replayCheck: 'claimed',
  };
}
