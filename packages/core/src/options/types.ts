/** Every option of the guard, each with its default. */
import type { ClientIpOption } from '../client-ip/resolve.js';
import type { CsideClientOptions } from '../cside/client.js';
import type { Duration } from '../duration.js';
import type { Credential, FingerprintGuardEngine, GuardRequest } from '../guard/types.js';
import type { GuardLogger } from '../logger.js';
import type { OpenTelemetryApi } from '../observe/otel-types.js';
import type { ReplayStore } from '../replay/types.js';
import type { DecisionReport, GuardMode } from '../result/decision.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { AcceptedEdgeFormat, AcceptedFingerprintFormat } from '../result/format.js';
import type { SignalName } from '../result/signals.js';
import type { SealedResultKey } from '../sealed/keys.js';
import type { BotInfoCategory } from '../event/bot.js';
import type { ServerApiClientOptions } from '../server-api/client.js';

/** Deny a request when a signal is true: `deny: { bot: true, vpn: true }`. */
export type DenyRules = Partial<Record<SignalName, boolean>>;

/** Fingerprint's velocity counters (the v4 event's `velocity`, camelCase): events, and distinct IPs, linked ids, countries, visitors. */
export type VelocityCounter =
  | 'events'
  | 'ipEvents'
  | 'distinctIp'
  | 'distinctLinkedId'
  | 'distinctCountry'
  | 'distinctIpByLinkedId'
  | 'distinctVisitorIdByLinkedId';

/** The windows Fingerprint counts over, before the event: 5 minutes, 1 hour, 24 hours. */
export type VelocityWindow = '5m' | '1h' | '24h';

/** The most of each counter accepted per window: `{ events: { '1h': 20 }, distinctIp: { '24h': 5 } }`. */
export type VelocityLimits = Partial<Record<VelocityCounter, Partial<Record<VelocityWindow, number>>>>;

/** Rules on a number the provider reports; each denies (or asks for step-up) past its limit, or when the number is not reported. */
export interface ThresholdRules {
  /** Lowest identification confidence accepted (0–1). Rule `minConfidence`. */
  minConfidence?: number;
  /** Highest Fingerprint Suspect Score accepted (a whole number, 0 or more). Rule `maxSuspectScore`. */
  maxSuspectScore?: number;
  /** Highest `vpn_ml_score` accepted (0–1; v3 `vpn.data.mlScore`). Rule `maxVpnScore`. */
  maxVpnScore?: number;
  /** Highest `tampering_details.anomaly_score` accepted (0–1; the schema calls above 0.5 actionable). Rule `maxTamperingScore`. */
  maxTamperingScore?: number;
  /** The most events, IPs, countries… Fingerprint counted for this visitor per window (whole numbers). Rule `maxVelocity`. */
  maxVelocity?: VelocityLimits;
}

/** Rules under `stepUp`: the same signals as `deny` and the same thresholds, which ask for a second factor instead of denying. */
export type StepUpRules = DenyRules & ThresholdRules;

/** The name of a rule that can ask for step-up: a signal (`vpn`) or a threshold (`maxSuspectScore`). */
export type StepUpRule = keyof StepUpRules;

/** Identified bots let through the bot rules; see `allowBots`. */
export interface AllowBotsOptions {
  /**
   * `bot_info.category` values let through, e.g. `['search_engine_crawler', 'ai_agent']`.
   * Default: every category. A category newer than these types is accepted as a string.
   */
  categories?: readonly (BotInfoCategory | (string & {}))[];
  /** `bot_info.identity` values that prove the bot is who it says: default `['verified', 'signed']`. */
  identities?: readonly ('verified' | 'signed')[];
}

/** Ties an identification to the request that carries it. Each binding denies as rule `ip`, `origin`, `linkedId` or `environment`. */
export interface BindOptions<Req = GuardRequest> {
  /**
   * The identification's IP (`event.ip_address`) must be the request's client IP, IPv4-mapped
   * and NAT64 (`64:ff9b::/96`) IPv6 read as the IPv4 they carry; two IPv6 addresses match when they share `ipv6Prefix` bits (default 64,
   * as privacy addresses change within a /64). The client IP comes from the adapter (the
   * framework's trusted-proxy setting) or `clientIp`; `onDecision` reports which as `ipSource`.
   */
  ip?: boolean | { ipv6Prefix?: number };
  /**
   * Origins your pages run on, e.g. `['https://shop.example.com']`: the origin of `event.url`
   * must be one of them, and the request's `Origin` header, when present, must equal it.
   */
  origin?: readonly string[];
  /** This request's value of the `linked_id` your page passed to the agent (e.g. the session id); they must be equal. */
  linkedId?: (request: Req) => string | undefined | Promise<string | undefined>;
  /**
   * Your Fingerprint environment id(s): the event's `environment_id` must be one of them; an event
   * that names none is refused. The Server API fallback can otherwise accept ids from any
   * environment of the workspace (staging's events on production).
   */
  environment?: string | readonly string[];
}

/** The Server API fallback: the client's options, and which API version to ask. */
export interface FingerprintServerApiOptions extends ServerApiClientOptions {
  /**
   * `4` (default): `GET /v4/events/{event_id}`. `3`: the v3 API, `GET /events/{request_id}` with
   * the `Auth-API-Key` header, answering v3 `{ products }` responses; it needs `'v3'` in `formats`.
   */
  version?: 4 | 3;
}

/**
 * The agentless bot check (`POST /v4/edge`, Fingerprint's Automation Intelligence, public
 * preview): the Server API client's options (the same secret key, region or `baseUrl`,
 * time-outs, retries and `maxConcurrent`), and which more headers to blank.
 */
export interface FingerprintEdgeOptions extends Omit<ServerApiClientOptions, 'rulesetId'> {
  /**
   * Header names (any case) sent with an empty value, beside the built-in ones: `Authorization`,
   * `Proxy-Authorization`, `Cookie`, `X-Api-Key`, the guard's credential headers, and every name
   * containing `auth`, `cookie`, `token`, `secret`, `session`, `passw`, `api-key` or `credential`.
   */
  redactHeaders?: readonly string[];
}

/** What a rule does when the result does not carry what it needs: `'deny'` (default) or `'allow'`. */
export type UnavailableSignalPolicy = 'deny' | 'allow';

export interface FingerprintGuardOptions<Req = GuardRequest> {
  /** Fingerprint: sealed client results (`keys`), and the Server API fallback by event id (`serverApi`). */
  fingerprint?: {
    /** Decryption keys, tried in order; list the new key first during a rotation. */
    keys?: SealedResultKey | readonly SealedResultKey[];
    /** Default 65,536: a larger sealed result is `SEALED_RESULT_TOO_LARGE`. */
    maxSealedBytes?: number;
    /** Default 1,048,576: an event inflating past it is `SEALED_RESULT_TOO_LARGE`. */
    maxPayloadBytes?: number;
    /**
     * Which payloads are accepted: `['v4']` (default), or with `'v3'` the `{ products }` response
     * of 3.x agents too (declare `v3` in `AcceptedFingerprintFormats` for the types). A payload of
     * a format not listed is `SEALED_RESULT_INVALID_PAYLOAD`.
     */
    formats?: readonly AcceptedFingerprintFormat[];
    /** When a request carries an `event_id` and no sealed result, fetch the event from the Server API. */
    serverApi?: FingerprintServerApiOptions;
    /**
     * When a request carries no credential at all (a route whose client cannot run the agent: a
     * form post, a webhook-like caller, an API client), send its method, URL, headers (secrets
     * blanked) and client IP to `POST /v4/edge` and judge the answer: the result has `via: 'edge'`,
     * reports `bot`, `goodBot`, `vpn` and `proxy` only (every other rule finds its signal not
     * reported), and is never claimed (`replayCheck: 'not-applicable'`). Any client can choose
     * this path by sending no credential: on a route with `edge`, the guard is as strict as the
     * edge rules. A request that carries a credential never falls back to it.
     *
     * Declare `edge` in `AcceptedFingerprintFormats` (once per app) for this option to compile: the
     * app's `Fingerprint` then includes `FingerprintEdgeResult`, narrowed by `format` or `via`.
     */
    edge?: [AcceptedEdgeFormat] extends [never] ? never : FingerprintEdgeOptions;
  };
  /** cside: exchange the request's session token with `/token/v2/verify`. */
  cside?: CsideClientOptions;
  /** Oldest event accepted, from its provider timestamp. Default `'2m'`. */
  maxAge?: Duration;
  /** How far in the future a timestamp may be (clock drift). Default `'10s'`. */
  clockSkew?: Duration;
  /**
   * Replay protection. Default: a `MemoryReplayStore` (one process). `false` turns it off,
   * which is logged once: every sealed result can then be replayed until it is `maxAge` old.
   */
  replay?: false | { store?: ReplayStore; timeout?: Duration };
  /** What a failing or slow store means: `'deny'` (default, 503) or `'allow'` (logged every time). */
  onStoreError?: 'deny' | 'allow';
  /** Signals that deny the request (403 `EVENT_DENIED`, the rule named). Default: none. */
  deny?: DenyRules;
  /**
   * Identified bots that the bot rules (`bot`, `goodBot`, in `deny` or `stepUp`) let through: a
   * Fingerprint event whose `bot_info.category` is listed and whose `bot_info.identity` is in
   * `identities` (default `verified` or `signed`). With `deny.bot`, a `spoofed` identity is always
   * denied. `CONFIG_INVALID` without a bot rule. v3 and cside results carry no `bot_info`.
   */
  allowBots?: AllowBotsOptions;
  /** Highest `vpn_ml_score` accepted (0–1). Rule `maxVpnScore`. */
  maxVpnScore?: number;
  /** Highest `tampering_details.anomaly_score` accepted (0–1). Rule `maxTamperingScore`. */
  maxTamperingScore?: number;
  /** The most of each velocity counter accepted per window: `{ events: { '1h': 20 } }`. Rule `maxVelocity`. */
  maxVelocity?: VelocityLimits;
  /** Lowest identification confidence accepted (0–1). Rule `minConfidence`; cside reports no confidence. */
  minConfidence?: number;
  /** Highest Fingerprint Suspect Score accepted (a whole number, 0 or more). Rule `maxSuspectScore`. */
  maxSuspectScore?: number;
  /**
   * Apply the Fingerprint ruleset's action (`rule_action`, from `fingerprint.serverApi.rulesetId`
   * or carried by a sealed result): `block` denies (rule `ruleAction`, the action on
   * `error.ruleAction`) and adapters answer with the rule's own `status_code`, `headers` and
   * `body` (a status outside 400–599 or a body over 64 KiB: the JSON 403 instead; headers that
   * could split or reframe the response are left out); `allow` and types this version does not
   * know let the request through (an unknown type is logged once). Default false.
   */
  honorRuleAction?: boolean;
  /**
   * A rule or binding whose signal the result does not carry (not enabled, not reported by the
   * provider, of the wrong type, or from a `partially_completed` identification): `'deny'`
   * (default; `EVENT_DENIED` saying it was not reported) or `'allow'`.
   */
  onUnavailableSignal?: UnavailableSignalPolicy;
  /**
   * Rules that ask for a second factor instead of denying: `{ vpn: true, maxSuspectScore: 10 }`.
   * After every deny rule passed, the first that fails (or, unless `onUnavailableSignal` is
   * `'allow'`, cannot be evaluated) sets `fingerprint.stepUp = { rule, reason }`; the route runs
   * and decides (the result is still claimed, so accepted once). A signal also in `deny`, or a
   * threshold no stricter than its deny limit, is `CONFIG_INVALID` (it could never ask).
   */
  stepUp?: StepUpRules;
  /** Ties the identification to this request: client IP, page origin, linked id. Default: none. */
  bind?: BindOptions<Req>;
  /**
   * Where `bind.ip` reads the client IP, instead of the adapter's (the framework's, with its
   * trusted-proxy setting): your function of the request, or an `ipFrom` preset
   * (`ipFrom.cloudflare()`, `ipFrom.vercel()`, `ipFrom.fly()`, `ipFrom.forwardedFor({ trustedProxies })`),
   * each trusting a header only where a client cannot set it. Needed where the framework has no
   * IP (Next route handlers, Hono). No header is read unless you choose it here.
   */
  clientIp?: ClientIpOption<Req>;
  /**
   * Rejected credentials (an unknown cside token or event id) are remembered this long, so the
   * same junk costs one provider call; concurrent requests with one credential share one call.
   * Default `{ ttl: '1m', maxEntries: 10_000 }`; `false` turns it off.
   */
  negativeCache?: false | { ttl?: Duration; maxEntries?: number };
  /**
   * Your own rule, after all others and after the replay claim. Return `false` to deny (rule
   * `check`), or throw a `FingerprintGuardError` for your own code and message. Any other throw
   * denies and is logged.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a check that returns nothing allows the request.
  check?: (fingerprint: Fingerprint, request: Req) => boolean | void | Promise<boolean | void>;
  /** `'enforce'` (default) denies; `'monitor'` attaches and logs but never blocks. */
  mode?: GuardMode;
  /**
   * Where the credential comes from. Default: for each configured provider, its header, then its
   * body field: `fingerprint-sealed-result` / `sealed_result`, `cside-token` / `cside_token`,
   * `fingerprint-event-id` / `event_id`, in that order.
   */
  getCredential?: (request: Req) => Credential | undefined | null | Promise<Credential | undefined | null>;
  /**
   * Your logger; `console` by default. It gets a message and fields with a stable `event` key
   * (`monitor-would-deny`, `store-failed-open`, `check-failed`, …). Never keys, tokens or sealed input.
   */
  logger?: GuardLogger;
  /**
   * Called once per request with its outcome, provider, key index, replay check and the time
   * spent in each stage; sync or async. It never delays or fails the request: a throw is logged
   * once and ignored.
   */
  onDecision?: (decision: DecisionReport, request: Req) => void | Promise<void>;
  /**
   * OpenTelemetry: one span `fingerprint-guard verify` per request, the counter
   * `fingerprint_guard.decisions` and the histogram `fingerprint_guard.duration`. Default: the
   * installed `@opentelemetry/api` on Node (nothing is recorded until an SDK is registered);
   * on Web runtimes pass the module (`import * as api from '@opentelemetry/api'`). `false` for none.
   */
  opentelemetry?: OpenTelemetryApi | false;
}

/**
 * What an adapter's `fingerprintGuard` takes, for the request type `Req` of its framework: the
 * guard's options with the adapter's own (`Extra`: Express's `onDenied`, …), a guard built with
 * `createFingerprintGuard`, or a function returning either, called at the first request (so that
 * a module loads without its secrets).
 *
 * @example
 * import type { Request } from 'express';
 * import { fingerprintGuard, type ExpressAdapterOptions, type GuardSource } from '@fingerprint-guard/express';
 * const source: GuardSource<Request, ExpressAdapterOptions> = () => ({ fingerprint: { keys: [process.env.FP_SEALED_KEY!] } });
 * app.post('/login', fingerprintGuard(source), login);
 */
export type GuardSource<Req = GuardRequest, Extra extends object = Record<never, never>> =
  | (FingerprintGuardOptions<Req> & Extra)
  | FingerprintGuardEngine<Req, GuardMode>
  | (() => (FingerprintGuardOptions<Req> & Extra) | FingerprintGuardEngine<Req, GuardMode>);
