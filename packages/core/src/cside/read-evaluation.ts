/**
 * Normalises a cside `/token/v2/verify` payload into the guard's provider-neutral result.
 *
 * cside documents the field names of its `/token/v1/client` response, and for v2 only the names
 * of the enrichment objects (`bot`, `vpn_evaluation`, `ip_enrichment`, …), not their contents.
 * So a signal is read under its documented v1 name, at the top level of the v2 payload or
 * inside the one enrichment object named for its topic; only a boolean (for `bot`, the
 * documented `result` text) counts. The full table is in the core README ("cside signals").
 */
import type { CsideVerifyResponse } from './types.js';
import { FingerprintGuardError } from '../errors.js';
import { platform } from '#platform';
import { anyOf, flag } from '../result/reports.js';
import type { CsideResult } from '../result/fingerprint.js';
import type { FingerprintSignals } from '../result/signals.js';

/**
 * The replay key of a session token: a token is good for one guarded request. Only its hash is
 * stored or logged, so the store never holds a usable token. `token` is already canonical.
 */
export function csideEventId(token: string): string {
  return `cside:${platform.sha256Base64Url(token)}`;
}

/** `created_at` as epoch ms: ISO text, or a number in seconds or milliseconds. */
export function csideTimestamp(createdAt: unknown): number {
  const ms =
    typeof createdAt === 'number'
      ? createdAt < 1e12
        ? createdAt * 1000
        : createdAt
      : typeof createdAt === 'string'
        ? Date.parse(createdAt)
        : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new FingerprintGuardError('PROVIDER_UNAVAILABLE', 'cside answered with a created_at that is not a time.');
  }
  return ms;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** `detected` / `not_detected`, as cside documents `bot.result`; anything else is unreported. */
function botDetected(bot: Record<string, unknown> | undefined): boolean | undefined {
  const result = bot?.result;
  return result === 'detected' || result === 'not_detected' ? result === 'detected' : undefined;
}

/** The signals a v2 payload reports, each under its documented v1 name; see the module comment. */
export function csideSignals(payload: CsideVerifyResponse): FingerprintSignals {
  const vpnEvaluation = record(payload.vpn_evaluation);
  const ip = record(payload.ip_enrichment);
  const blocklist = record(payload.ip_blocklist);
  const ipBlocklist = record(ip?.ip_blocklist);
  const both = (name: string, within: Record<string, unknown> | undefined) =>
    anyOf(flag(payload[name]), flag(within?.[name]));
  return {
    bot: botDetected(record(payload.bot)),
    vpn: both('vpn', vpnEvaluation),
    proxy: both('proxy', ip),
    tor: anyOf(flag(blocklist?.tor_node), flag(ipBlocklist?.tor_node)),
    ipBlocklisted: anyOf(
      anyOf(flag(blocklist?.attack_source), flag(blocklist?.email_spam)),
      anyOf(flag(ipBlocklist?.attack_source), flag(ipBlocklist?.email_spam)),
    ),
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
    replayed: flag(payload.replayed),
  };
}

/** What a v2 payload says about where the identification was made, for `bind`: v1 names, top level or `ip_enrichment`. */
export function csideOrigin(payload: CsideVerifyResponse): { ip?: string; url?: string; linkedId?: string } {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    ip: text(payload.ip_address) ?? text(record(payload.ip_enrichment)?.ip_address),
    url: text(payload.url),
    linkedId: text(payload.linked_id),
  };
}

/** A stable id, when the undocumented `fingerprint` enrichment carries one as text or as `id`. */
function csideVisitorId(payload: CsideVerifyResponse): string | undefined {
  const { fingerprint } = payload;
  if (typeof fingerprint === 'string') return fingerprint;
  const id = record(fingerprint)?.id;
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
    replayCheck: 'not-reached',
  };
}
