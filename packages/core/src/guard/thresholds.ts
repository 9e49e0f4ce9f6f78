/** The threshold rules on Fingerprint's ML scores and velocity counts: past the limit fails, unreported is unavailable. */
import { configError } from '../errors.js';
import { tamperingScore, VELOCITY_FIELDS, VELOCITY_WINDOWS, velocityCount, vpnScore } from '../fingerprint/measures.js';
import type { ThresholdRules, VelocityCounter, VelocityLimits, VelocityWindow } from '../options/types.js';
import type { Fingerprint } from '../result/fingerprint.js';
import { type RuleOutcome, type Rule, unavailable } from './rules.js';

/** One velocity limit: a counter, a window and the most accepted. */
export interface VelocityLimit {
  counter: VelocityCounter;
  window: VelocityWindow;
  max: number;
}

/** Every limit of `maxVelocity`, counters and windows in the schema's order; `CONFIG_INVALID` when it sets none. */
export function velocityLimits(limits: VelocityLimits, option: string): VelocityLimit[] {
  const listed: VelocityLimit[] = [];
  for (const counter of Object.keys(VELOCITY_FIELDS) as VelocityCounter[]) {
    for (const window of Object.keys(VELOCITY_WINDOWS) as VelocityWindow[]) {
      const max = limits[counter]?.[window];
      if (max !== undefined) listed.push({ counter, window, max });
    }
  }
  if (listed.length === 0)
    throw configError(`${option} sets no limit: give a counter and a window, e.g. { events: { '1h': 20 } }.`);
  return listed;
}

/** A rule that fails when `read` is above `max`, and cannot be evaluated when it is not reported. */
function maxRule(
  name: string,
  what: string,
  max: number,
  read: (fingerprint: Fingerprint) => number | undefined,
): Rule {
  return {
    name,
    judge: (fingerprint) => {
      const value = read(fingerprint);
      if (value === undefined) return unavailable(name, what, fingerprint);
      if (value <= max) return undefined;
      return { rule: name, reason: 'failed', message: `The request was denied: ${what} ${value} is above ${max}.` };
    },
  };
}

/** `maxVelocity`: a failing limit is reported before an unreported one, so `onUnavailableSignal: 'allow'` never hides it. */
function velocityRule(limits: readonly VelocityLimit[]): Rule {
  return {
    name: 'maxVelocity',
    judge: (fingerprint) => {
      let unreported: RuleOutcome | undefined;
      for (const { counter, window, max } of limits) {
        const count = velocityCount(fingerprint, counter, window);
        if (count === undefined) {
          unreported ??= unavailable('maxVelocity', `the velocity count ${counter} over ${window}`, fingerprint);
        } else if (count > max) {
          return {
            rule: 'maxVelocity',
            reason: 'failed',
            message: `The request was denied: ${count} ${counter} over ${window} is above ${max}.`,
          };
        }
      }
      return unreported;
    },
  };
}

/** The rules of `maxVpnScore`, `maxTamperingScore` and `maxVelocity`, whose values the guard's schema checked. */
export function thresholdRules(options: ThresholdRules, prefix = ''): Rule[] {
  const { maxVpnScore, maxTamperingScore, maxVelocity } = options;
  const rules: Rule[] = [];
  if (maxVpnScore !== undefined) rules.push(maxRule('maxVpnScore', 'the VPN score', maxVpnScore, vpnScore));
  if (maxTamperingScore !== undefined)
    rules.push(maxRule('maxTamperingScore', 'the tampering anomaly score', maxTamperingScore, tamperingScore));
  if (maxVelocity !== undefined) rules.push(velocityRule(velocityLimits(maxVelocity, `${prefix}maxVelocity`)));
  return rules;
}
