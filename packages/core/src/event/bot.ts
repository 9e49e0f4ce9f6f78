/** Bot detection: the verdict and, for identified bots, who runs them and why. */
import type { Confidence3 } from './common.js';

/** `bot` (BotResult.yaml): web only. */
export type BotResult = 'bad' | 'good' | 'not_detected';

/**
 * The bot categories of schema 3.7.0 (BotInfoCategory.yaml), exactly. The schema also uses this
 * list for the `bot_info_category` search filter; `BotInfo.category` itself is a plain string.
 */
export type BotInfoCategory =
  | 'advertising_and_marketing'
  | 'aggregator'
  | 'ai_agent'
  | 'ai_assistant'
  | 'ai_browser'
  | 'ai_crawler'
  | 'ai_search'
  | 'browser_automation'
  | 'ecommerce'
  | 'monitoring_and_analytics'
  | 'other'
  | 'scraping'
  | 'security'
  | 'search_engine_crawler'
  | 'search_engine_optimization'
  | 'unknown';

/** `bot_info.identity` (BotInfoIdentity.yaml): whether the bot's claimed identity checks out. */
export type BotInfoIdentity = 'verified' | 'signed' | 'spoofed' | 'unknown';

/** Who runs a detected bot and what it is for (BotInfo.yaml); web only. */
export interface BotInfo {
  /**
   * One of {@link BotInfoCategory} today. Open on purpose: BotInfo.yaml types this field as a
   * string, not as the enum, and the list has grown between releases (3.3.0 added `unknown`),
   * so a newer category must still type-check. Compare against BotInfoCategory values.
   */
  category: BotInfoCategory | (string & {});
  /** The company operating the bot. */
  provider: string;
  provider_url?: string;
  name: string;
  identity: BotInfoIdentity;
  confidence: Confidence3;
}
