/** The bot rules (`bot`, `goodBot`): a spoofed bot identity is a bad bot, and `allowBots` lets identified bots through. */
import { botIdentityOf } from '../result/bot-identity.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { AllowBotsOptions } from '../options/types.js';
import { unavailable, type Rule } from './rules.js';

const DEFAULT_IDENTITIES = ['verified', 'signed'] as const;

/** Whether a rule is one of the two bot rules. */
export const isBotRule = (name: string): name is 'bot' | 'goodBot' => name === 'bot' || name === 'goodBot';

/**
 * The rule `name` (`bot` or `goodBot`) judged with the event's `bot_info`: a detected bot passes
 * when `allowBots` lists its category and its identity is one it accepts; under `bot`, a bot
 * whose identity Fingerprint found `spoofed` fails, whatever the verdict and `allowBots` say.
 */
export function botRule(name: 'bot' | 'goodBot', allowBots: AllowBotsOptions | undefined): Rule {
  const categories = allowBots?.categories === undefined ? undefined : new Set<string>(allowBots.categories);
  const identities = new Set<string>(allowBots?.identities ?? DEFAULT_IDENTITIES);
  const allowed = (bot: ReturnType<typeof botIdentityOf>) =>
    allowBots !== undefined &&
    bot?.category !== undefined &&
    (categories === undefined || categories.has(bot.category)) &&
    bot.identity !== undefined &&
    identities.has(bot.identity);
  const failed = (what: string) => ({
    rule: name,
    reason: 'failed' as const,
    message: `The request was denied: ${what}.`,
  });
  return {
    name,
    judge: (fingerprint: Fingerprint) => {
      const bot = botIdentityOf(fingerprint);
      if (name === 'bot' && bot?.identity === 'spoofed')
        return failed('a bot spoofing the identity of another (bot_info.identity is spoofed)');
      const value = fingerprint.signals[name];
      if (value === true) return allowed(bot) ? undefined : failed(`${name} detected`);
      return value === false ? undefined : unavailable(name, name, fingerprint);
    },
  };
}
