/** Normalises an edge evaluation into the guard's result: the bot, VPN and proxy verdicts, nothing else. */
import type { FingerprintEdgeEvent } from '../event/types.js';
import type { Fingerprint, FingerprintEdgeResult } from '../result/fingerprint.js';
import type { FingerprintResultFormat } from '../result/format.js';
import { finite, flag } from '../result/reports.js';
import type { FingerprintSignals } from '../result/signals.js';

/**
 * What an edge evaluation reports. It has no `bot` verdict: `bot_info` is there when a bot was
 * detected and absent when none was (the schema's two examples). A bot whose identity is
 * `verified` (a well-known crawler, checked by Fingerprint) reads as a good bot, as a device
 * event's `bot: 'good'` does; any other identity (`signed`, `spoofed`, `unknown`) as a bot, which
 * `allowBots` can let through by category. Every other signal needs the agent: not reported.
 */
export function edgeSignals(event: FingerprintEdgeEvent): FingerprintSignals {
  const info: unknown = event.bot_info;
  const bot = info === undefined ? { bot: false, goodBot: false } : botOf(info);
  return { ...bot, vpn: flag(event.vpn), proxy: flag(event.proxy) };
}

function botOf(info: unknown): Pick<FingerprintSignals, 'bot' | 'goodBot'> {
  if (typeof info !== 'object' || info === null) return {};
  const verified = (info as { identity?: unknown }).identity === 'verified';
  return { bot: !verified, goodBot: verified };
}

/** Whether `fingerprint` is an edge evaluation (whatever formats the app declared for its types). */
export const isEdgeResult = (fingerprint: Fingerprint): boolean =>
  (fingerprint as Fingerprint<FingerprintResultFormat>).via === 'edge';

/**
 * The result of one evaluation, as the app's types see it (edge results are in them once it
 * declares `edge`, which a guard with `fingerprint.edge` needs to compile); it is never claimed (`replayCheck` says so once the pipeline has run).
 */
export function fromEdgeEvent(event: FingerprintEdgeEvent): Fingerprint {
  const result: FingerprintEdgeResult = {
    provider: 'fingerprint',
    format: 'edge',
    via: 'edge',
    // Preview answers without an event_id (the schema's examples) still need a name in logs.
    eventId: event.event_id ?? `edge:${crypto.randomUUID()}`,
    timestamp: finite(event.timestamp) ?? Date.now(),
    signals: edgeSignals(event),
    event,
    replayCheck: 'not-reached',
  };
  return result as Fingerprint<FingerprintResultFormat> as Fingerprint;
}
