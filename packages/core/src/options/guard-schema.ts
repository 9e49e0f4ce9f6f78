/**
 * The guard's options schema, nested objects included: adding an option to `FingerprintGuardOptions`
 * (or to `BindOptions`, the providers' options, …) does not compile until its line is added here.
 */
import { CSIDE_CLIENT_OPTIONS } from '../cside/client.js';
import { REPLAY_OPTIONS } from '../replay/options.js';
import { SIGNAL_NAMES } from '../result/signals.js';
import { UNSEALER_OPTIONS } from '../sealed/unsealer.js';
import { SERVER_API_CLIENT_OPTIONS } from '../server-api/client.js';
import { isBoolean, isDuration, isFunction, isLogger, oneOf, wholeNumber } from '../schema/checks.js';
import { nested, type OptionSchema } from '../schema/schema.js';
import type { BindOptions, DenyRules, FingerprintGuardOptions, FingerprintServerApiOptions } from './types.js';

type Options = FingerprintGuardOptions<never>;

const SERVER_API_OPTIONS = {
  ...SERVER_API_CLIENT_OPTIONS,
  version: (value) => (value === 4 || value === 3 ? undefined : 'must be 4 or 3'),
} as const satisfies OptionSchema<FingerprintServerApiOptions>;

const FINGERPRINT_OPTIONS = {
  ...UNSEALER_OPTIONS,
  formats: true,
  serverApi: nested(SERVER_API_OPTIONS),
} as const satisfies OptionSchema<NonNullable<Options['fingerprint']>>;

/** One entry per signal: `SIGNALS` already holds the names to `FingerprintSignals`. */
const DENY_OPTIONS = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, isBoolean])) as OptionSchema<DenyRules>;

const BIND_OPTIONS = {
  ip: nested({ ipv6Prefix: wholeNumber(1, 128) }, 'boolean'),
  origin: true,
  linkedId: isFunction,
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
  minConfidence: true,
  maxSuspectScore: true,
  honorRuleAction: isBoolean,
  onUnavailableSignal: oneOf('deny', 'allow'),
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
