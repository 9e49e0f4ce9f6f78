/** Who a detected bot says it is, as the v4 event's `bot_info` reports it: for the bot rules and the decision report. */
import type { BotInfo, BotInfoIdentity } from '../event/bot.js';
import type { Fingerprint } from './fingerprint.js';
import type { FingerprintResultFormat } from './format.js';

/** A bot's category, operator and whether its identity checks out; each only when reported as text. */
export interface BotIdentity {
  /** `bot_info.category`, e.g. `search_engine_crawler`, `ai_agent` (newer categories too). */
  category?: BotInfo['category'];
  /** `bot_info.provider`: the company operating the bot. */
  provider?: string;
  /** `bot_info.identity`: `verified`, `signed`, `spoofed` or `unknown` (newer values too). */
  identity?: BotInfoIdentity | (string & {});
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The `bot_info` of a v4 Fingerprint event or an edge evaluation, when it has one; never for v3
 * or cside results, nor for a partially completed identification (whose Smart Signals must be ignored).
 */
export function botIdentityOf(fingerprint: Fingerprint<FingerprintResultFormat> | undefined): BotIdentity | undefined {
  if (fingerprint?.provider !== 'fingerprint' || fingerprint.format === 'v3') return undefined;
  const { event } = fingerprint;
  if (fingerprint.format === 'v4' && fingerprint.event.incremental_identification_status === 'partially_completed')
    return undefined;
  const info: unknown = event.bot_info;
  if (typeof info !== 'object' || info === null) return undefined;
  const { category, provider, identity } = info as Record<string, unknown>;
  const bot: BotIdentity = {};
  if (text(category) !== undefined) bot.category = text(category);
  if (text(provider) !== undefined) bot.provider = text(provider);
  if (text(identity) !== undefined) bot.identity = text(identity);
  return Object.keys(bot).length === 0 ? undefined : bot;
}
