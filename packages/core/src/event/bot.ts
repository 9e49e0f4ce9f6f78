/** Bot detection: the verdict and, for identified bots, who runs them. */
import type { Confidence3 } from './common.js';

export type BotResult = 'bad' | 'good' | 'not_detected';

export type BotInfoCategory =
  | 'ai_agent'
  | 'ai_assistant'
  | 'ai_crawler'
  | 'ai_search'
  | 'accessibility'
  | 'advertising'
  | 'automation'
  | 'fetcher'
  | 'monitoring'
  | 'scraper'
  | 'search_engine_crawler'
  | 'security'
  | 'seo'
  | 'social_media'
  | 'webhook'
  | 'unknown'
  | (string & {});

export interface BotInfo {
  category: BotInfoCategory;
  provider: string;
  provider_url?: string;
  name: string;
  identity: 'verified' | 'signed' | 'spoofed' | 'unknown';
  confidence: Confidence3;
}
