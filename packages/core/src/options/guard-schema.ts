/**
 * The guard's options schema, nested objects included: adding an option to `FingerprintGuardOptions`
 * (or to `BindOptions`, the providers' options, …) does not compile until its line is added here.
 */
import { CSIDE_CLIENT_OPTIONS } from '../cside/client.js';
import { REPLAY_OPTIONS } from '../replay/options.js';
import { SIGNAL_NAMES } from '../result/signals.js';
import { UNSEALER_OPTIONS } from '../sealed/unsealer.js';
import { SERVER_API_CLIENT_OPTIONS } from '../server-api/client.js';
import { VELOCITY_FIELDS, VELOCITY_WINDOWS } from '../fingerprint/measures.js';
import { isBoolean, isDuration, isFraction, isFunction, isLogger, oneOf, wholeNumber } from '../schema/checks.js';
import { nested, type NestedOptions, type OptionSchema } from '../schema/schema.js';
import type {
  AllowBotsOptions,
  BindOptions,
  DenyRules,
  FingerprintGuardOptions,
  FingerprintEdgeOptions,
  FingerprintServerApiOptions,
  StepUpRules,
  VelocityLimits,
} from './types.js';

type Options = FingerprintGuardOptions<never>;

const SERVER_API_OPTIONS = {
  ...SERVER_API_CLIENT_OPTIONS,
  version: (value) => (value === 4 || value === 3 ? undefined : 'must be 4 or 3'),
} as const satisfies OptionSchema<FingerprintServerApiOptions>;

const { rulesetId: _noRulesets, ...EDGE_CLIENT_OPTIONS } = SERVER_API_CLIENT_OPTIONS;

const EDGE_OPTIONS = {
  ...EDGE_CLIENT_OPTIONS,
  redactHeaders: (value) =>
    Array.isArray(value) &&
    value.every((name) => typeof name === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      ? undefined
      : 'must be a list of header names',
} as const satisfies OptionSchema<FingerprintEdgeOptions>;

const FINGERPRINT_OPTIONS = {
  ...UNSEALER_OPTIONS,
  formats: true,
  serverApi: nested(SERVER_API_OPTIONS),
  // Typed as the option is only where the app declares edge; the walk checks it either way.
  edge: nested(EDGE_OPTIONS) as NestedOptions<never>,
} as const satisfies OptionSchema<NonNullable<Options['fingerprint']>>;

/** One entry per signal: `SIGNALS` already holds the names to `FingerprintSignals`. */
const DENY_OPTIONS = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, isBoolean])) as OptionSchema<DenyRules>;

/** One entry per counter, each with one per window: `VELOCITY_FIELDS` holds the names to `VelocityLimits`. */
const VELOCITY_OPTIONS = Object.fromEntries(
  Object.keys(VELOCITY_FIELDS).map((counter) => [
    counter,
    nested(Object.fromEntries(Object.keys(VELOCITY_WINDOWS).map((window) => [window, wholeNumber(0)]))),
  ]),
) as OptionSchema<VelocityLimits>;

/** The numbers `stepUp` takes beside its signals, checked as the top-level rules are. */
const STEP_UP_OPTIONS = {
  ...DENY_OPTIONS,
  minConfidence: isFraction,
  maxSuspectScore: wholeNumber(0),
  maxVpnScore: isFraction,
  maxTamperingScore: isFraction,
  maxVelocity: nested(VELOCITY_OPTIONS),
} as const satisfies OptionSchema<StepUpRules>;

const ALLOW_BOTS_OPTIONS = {
  categories: (value) =>
    Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && entry !== '')
      ? undefined
      : "must be a non-empty list of bot_info categories, such as ['search_engine_crawler']",
  identities: (value) =>
    Array.isArray(value) && value.length > 0 && value.every((entry) => entry === 'verified' || entry === 'signed')
      ? undefined
      : "must be a non-empty list of 'verified' and 'signed' (a spoofed or unknown identity proves nothing)",
} as const satisfies OptionSchema<AllowBotsOptions>;

const isEnvironment = (value: unknown) =>
  typeof value === 'string' && value !== ''
    ? undefined
    : 'must be an environment id (a non-empty string), or a non-empty list of them';

const BIND_OPTIONS = {
  ip: nested({ ipv6Prefix: wholeNumber(1, 128) }, 'boolean'),
  origin: true,
  linkedId: isFunction,
  environment: (value) =>
    Array.isArray(value) && value.length > 0
      ? value.map(isEnvironment).find((requirement) => requirement !== undefined)
      : isEnvironment(value),
} as const satisfies OptionSchema<BindOptions<never>>;

const NEGATIVE_CACHE_OPTIONS = {
  ttl: isDuration,
  maxEntries: wholeNumber(1),
} as const satisfies OptionSchema<Exclude<Options['negativeCache'], false | undefined>>;

/** Every option of the guard; adapters add their own beside these. */
export const GUARD_OPTIONS = {
  fingerprint: nested(FINGERPRINT_OPTIONS),
  cside: nested(CSIDE_CLIENT_OPTIONS),
  maxAge: isDuration,
  clockSkew: isDuration,
  replay: nested(REPLAY_OPTIONS, 'false'),
  onStoreError: oneOf('deny', 'allow'),
  deny: nested(DENY_OPTIONS),
  allowBots: nested(ALLOW_BOTS_OPTIONS),
  maxVpnScore: isFraction,
  maxTamperingScore: isFraction,
  maxVelocity: nested(VELOCITY_OPTIONS),
  minConfidence: true,
  maxSuspectScore: true,
  honorRuleAction: isBoolean,
  onUnavailableSignal: oneOf('deny', 'allow'),
  stepUp: nested(STEP_UP_OPTIONS),
  bind: nested(BIND_OPTIONS),
  // A function of the request or an ipFrom preset: compileClientIp checks which, with its own message.
  clientIp: true,
  negativeCache: nested(NEGATIVE_CACHE_OPTIONS, 'false'),
  check: isFunction,
  mode: oneOf('enforce', 'monitor'),
  getCredential: isFunction,
  logger: isLogger,
  onDecision: isFunction,
  opentelemetry: true,
} as const satisfies OptionSchema<Options>;
