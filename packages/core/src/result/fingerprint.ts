/** The verified results a guard hands on: one per provider, and per format for Fingerprint. */
import type { CsideVerifyResponse } from '../cside/types.js';
import type { FingerprintGuardError } from '../errors.js';
import type { EventRuleAction, FingerprintEdgeEvent, FingerprintEvent, FingerprintEventV3 } from '../event/types.js';
import type { AcceptedEdgeFormat, AcceptedFingerprintFormat, FingerprintResultFormat } from './format.js';
import type { FingerprintSignals } from './signals.js';
import type { StepUpRule } from '../options/types.js';

/**
 * How the replay check went: `claimed` (first use, recorded), `replayed` (monitor mode: seen
 * before, let through), `disabled` (`replay: false`), `store-failed-open` (`onStoreError:
 * 'allow'`), `not-reached` (an earlier check decided), `not-applicable` (an edge evaluation:
 * nothing was presented that could be replayed, so nothing is claimed).
 */
export type ReplayCheck = 'claimed' | 'replayed' | 'disabled' | 'store-failed-open' | 'not-reached' | 'not-applicable';

/** What every verified result has, whichever provider produced it. */
interface VerifiedBase {
  /** The event's id; for cside, `cside:` and a hash of the session token. It is the replay key. */
  eventId: string;
  visitorId?: string;
  /** When the provider saw the visitor, epoch ms. */
  timestamp: number;
  /** Identification confidence, 0 to 1. */
  confidence?: number;
  signals: FingerprintSignals;
  replayCheck: ReplayCheck;
  /**
   * What a Fingerprint ruleset says to do with the request (the v4 event's `rule_action`): an
   * event fetched with `serverApi.rulesetId`, or a sealed result that carries one. Narrow on
   * `type`: `allow` may carry `request_header_modifications` for your route to apply; `block`
   * denies with `honorRuleAction`. Never set on cside or v3 results.
   */
  ruleAction?: EventRuleAction;
  /** Monitor mode only: the denial the guard would have made. */
  denial?: FingerprintGuardError;
  /** Set when a `stepUp` rule asks the route for a second factor: see `StepUp`. */
  stepUp?: StepUp;
}

/**
 * Why the route should ask for a second factor (an OTP, a passkey) before going on: the first
 * `stepUp` rule that asked, and whether its signal was detected or past its limit (`failed`) or
 * not reported (`unavailable`, unless `onUnavailableSignal` is `'allow'`).
 */
export interface StepUp {
  rule: StepUpRule;
  reason: 'failed' | 'unavailable';
}

/** What a Fingerprint identification has in either format. */
interface FingerprintResultBase extends VerifiedBase {
  provider: 'fingerprint';
  /** `sealed`: unsealed from the request; `server-api`: fetched from the Server API by its id. */
  via: 'sealed' | 'server-api';
  /** Which configured key opened the sealed result (0 = the first): watch it during a rotation. */
  keyIndex?: number;
}

/** A Fingerprint identification from a 4.x agent or the v4 Server API. */
export interface FingerprintV4Result extends FingerprintResultBase {
  format: 'v4';
  /** The full v4 event. */
  event: FingerprintEvent;
}

/** A Fingerprint identification from a 3.x agent or the v3 Server API; `eventId` is its `requestId`. */
export interface FingerprintV3Result extends FingerprintResultBase {
  format: 'v3';
  /** The full v3 `{ products }` response. */
  event: FingerprintEventV3;
}

/** The result type of each format. */
export interface FingerprintResultsByFormat {
  v4: FingerprintV4Result;
  v3: FingerprintV3Result;
  edge: FingerprintEdgeResult;
}

/**
 * A Fingerprint result, unsealed from the request or fetched by its id: a
 * `FingerprintV4Result`, or the union of the declared formats (narrow on `format`) once the app
 * declares v3 or edge in `AcceptedFingerprintFormats`.
 */
export type FingerprintProviderResult<
  F extends FingerprintResultFormat = AcceptedFingerprintFormat | AcceptedEdgeFormat,
> = FingerprintResultsByFormat[F];

/** A cside evaluation, from a session token exchanged with `/token/v2/verify`. */
export interface CsideResult extends VerifiedBase {
  provider: 'cside';
  via: 'cside';
  /** The full `/token/v2/verify` payload. */
  event: CsideVerifyResponse;
}

/**
 * Fingerprint's agentless evaluation of this very request (`fingerprint.edge`, `POST /v4/edge`),
 * made when the request carried no credential: the bot, VPN and proxy verdicts of its headers
 * and IP. In an app's types once it declares `edge` in `AcceptedFingerprintFormats`. No browser was identified, so there is no `visitorId` nor `confidence`, and nothing
 * was presented that could be replayed: `replayCheck` is `'not-applicable'` and nothing is
 * claimed. `eventId` is the evaluation's `event_id` (or `edge:` and a random id when the answer
 * has none): a name for logs, never a replay key.
 */
export interface FingerprintEdgeResult extends VerifiedBase {
  provider: 'fingerprint';
  via: 'edge';
  /** The answer's own shape: an edge evaluation, not an identification event. */
  format: 'edge';
  /** Never set: nothing was unsealed. Declared so that `keyIndex` reads on any Fingerprint result. */
  keyIndex?: undefined;
  /** The full `/v4/edge` answer. */
  event: FingerprintEdgeEvent;
}

/**
 * A verified, normalised result: branch on `provider` (and, for Fingerprint, on `format`: `v4`,
 * and `v3` or `edge` once the app declares them) for the provider's own `event`. `F` defaults to
 * the formats the app declares.
 */
export type Fingerprint<F extends FingerprintResultFormat = AcceptedFingerprintFormat | AcceptedEdgeFormat> =
  | FingerprintProviderResult<F>
  | CsideResult;
