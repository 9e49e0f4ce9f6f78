/** What the guard decided about one request: the stage, the replay check, the decision and the report of it. */
import type { FingerprintGuardError, FingerprintGuardErrorCode } from '../errors.js';
import type { Fingerprint, ReplayCheck } from './fingerprint.js';
import type { BotIdentity } from './bot-identity.js';

/**
 * Where `bind.ip` took the client IP from: `'adapter'` (the framework's, e.g. Express `req.ip`),
 * `'clientIp'` (your function), a preset's header (`'cloudflare'`, `'vercel'`, `'fly'`,
 * `'forwarded-for'`), `'peer'` (a preset that could not trust a header used the connecting
 * address), or `'none'` (no usable IP: the binding denies).
 */
export type IpSource = 'adapter' | 'clientIp' | 'peer' | 'cloudflare' | 'vercel' | 'fly' | 'forwarded-for' | 'none';

/** Which Fingerprint ruleset action an event carried: its type (any, a type newer than this package too), ruleset and rule. */
export interface RuleActionReport {
  type: string;
  rulesetId?: string;
  /** Absent when no rule matched and the ruleset's default action applied. */
  ruleId?: string;
}

/** Where in the pipeline a request was decided. */
export type GuardStage = 'credential' | 'authenticate' | 'age' | 'rules' | 'binding' | 'replay' | 'check' | 'allowed';

/** The outcome of one request, for callers that branch instead of catching. */
export interface GuardDecision {
  /** `false` only in enforce mode, when `error` is set. */
  allowed: boolean;
  /** Present whenever the credential was authentic (also when a later check denied it). */
  fingerprint?: Fingerprint;
  /** Why the request is (or, in monitor mode, would be) denied. */
  error?: FingerprintGuardError;
  /** The rule or binding that denied (`vpn`, `minConfidence`, `ip`, `origin`, `check`, …), when one did. */
  rule?: string;
  /** Where the request was decided: `allowed`, or the stage whose check denied it. */
  stage: GuardStage;
  /** Milliseconds spent authenticating, claiming, and in all. */
  durations: DecisionDurations;
  /** The route, when the adapter names it. */
  route?: string;
  /** Where `bind.ip` took the client IP from, when the binding ran. */
  ipSource?: IpSource;
}

export type GuardMode = 'enforce' | 'monitor';

/** What a route behind a guard of mode `M` receives: in monitor mode a request may carry none. */
export type FingerprintFor<M extends GuardMode> = 'monitor' extends M ? Fingerprint | undefined : Fingerprint;

/** Milliseconds spent in each stage of one request. */
export interface DecisionDurations {
  /** Reading the credential and unsealing it, or the provider's API call. */
  authenticateMs: number;
  /**
   * The replay store's claim (with the age and rule checks just before it, which take well under a
   * microsecond; after `bind`, the claim alone); absent when the request did not get that far.
   */
  replayMs?: number;
  /** The whole decision, your `check` included. */
  totalMs: number;
}

/**
 * One request's outcome, for monitoring: never key material, tokens or sealed input. In monitor
 * mode `outcome` is `'allowed'` (or `'step_up'`) and `wouldDeny` says what enforce mode would have answered.
 */
export interface DecisionReport {
  /** `'allowed'`; `'step_up'` when a `stepUp` rule asked the route for a second factor; or the code the request was denied with. */
  outcome: 'allowed' | 'step_up' | FingerprintGuardErrorCode;
  /** The rule or binding that denied (`vpn`, `ip`, `check`, …), or the `stepUp` rule that asked. */
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
  /** A detected bot's `bot_info` (v4): its category, operator and identity (`verified`, `signed`, `spoofed`…). */
  bot?: BotIdentity;
  replayCheck?: ReplayCheck;
  /** Where `bind.ip` took the client IP from (`'adapter'`, `'cloudflare'`, `'forwarded-for'`, `'peer'`, `'none'`, …), when the binding ran. */
  ipSource?: IpSource;
  /** The ruleset action the event carried (`serverApi.rulesetId`), whatever `honorRuleAction` made of it. */
  ruleAction?: RuleActionReport;
  /** Monitor mode: the denial enforce mode would have made. */
  wouldDeny?: { code: FingerprintGuardErrorCode; rule?: string };
  durations: DecisionDurations;
}
