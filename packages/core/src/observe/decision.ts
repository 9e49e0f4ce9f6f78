/** The decision report every guard hands to `onDecision`, to OpenTelemetry and to its logs. */
import type { FingerprintGuardErrorCode } from '../errors.js';
import type { Fingerprint, GuardMode, GuardStage, ReplayCheck } from '../guard/types.js';

/** Milliseconds spent in each stage of one request. */
export interface DecisionDurations {
  /** Reading the credential and unsealing it, or the provider's API call. */
  authenticateMs: number;
  /** The replay store's claim; absent when the request did not get that far. */
  replayMs?: number;
  /** The whole decision, your `check` included. */
  totalMs: number;
}

/**
 * One request's outcome, for monitoring: never key material, tokens or sealed input. In monitor
 * mode `outcome` is `'allowed'` and `wouldDeny` says what enforce mode would have answered.
 */
export interface DecisionReport {
  /** `'allowed'`, or the code the request was denied with. */
  outcome: 'allowed' | FingerprintGuardErrorCode;
  /** The rule or binding that denied (`vpn`, `ip`, `check`, …). */
  rule?: string;
  /** Where the request was decided. */
  stage: GuardStage;
  mode: GuardMode;
  /** The route, when the adapter names it (`/login`, `/orders/:id`). */
  route?: string;
  provider?: Fingerprint['provider'];
  via?: Fingerprint['via'];
  eventId?: string;
  visitorId?: string;
  /** Which configured key opened a sealed result (0 = the first): watch it during a rotation. */
  keyIndex?: number;
  replayCheck?: ReplayCheck;
  /** Monitor mode: the denial enforce mode would have made. */
  wouldDeny?: { code: FingerprintGuardErrorCode; rule?: string };
  durations: DecisionDurations;
}
