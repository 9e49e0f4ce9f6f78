/** Request binding: the identification must have been made from this client, on your site, for this session. */
import { configError } from '../errors.js';
import { csideOrigin } from '../cside/read-evaluation.js';
import { readHeader } from '../headers.js';
import { parseIp, sameClient } from '../client-ip/ip.js';
import type { ResultSource, RuleOutcome } from './rules.js';
import { originV3 } from '../fingerprint/read-event-v3.js';
import type { FingerprintResultFormat } from '../result/format.js';
import type { BindOptions } from '../options/types.js';
import type { Fingerprint } from '../result/fingerprint.js';
import type { GuardLogger } from '../logger.js';
import type { GuardRequest } from './types.js';
import type { IpSource } from '../result/decision.js';
import { compileClientIp } from '../client-ip/resolve.js';

/** A binding's verdict: the denial, if any, and where `bind.ip` took the client IP from. */
export interface BindingVerdict {
  outcome?: RuleOutcome;
  ipSource?: IpSource;
}

export interface CompiledBinding<Req> {
  /** True when `bind.ip` needs the adapter's client IP (no `clientIp` option). */
  needsAdapterIp: boolean;
  /** True when `bind.ip` reads a preset that checks the connecting address (`input.peer`). */
  needsAdapterPeer: boolean;
  judge(fingerprint: Fingerprint, request: Req, input: GuardRequest | undefined): Promise<BindingVerdict>;
}

/** Where the identification says it was made. */
function madeAt(fingerprint: Fingerprint<FingerprintResultFormat>): {
  ip?: string;
  url?: string;
  linkedId?: string;
  environmentId?: string;
} {
  if (fingerprint.provider === 'cside') return csideOrigin(fingerprint.event);
  if (fingerprint.format === 'v3') return originV3(fingerprint.event);
  const {
    ip_address: ip,
    url,
    linked_id: linkedId,
    environment_id,
  } = fingerprint.event as unknown as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return { ip: text(ip), url: text(url), linkedId: text(linkedId), environmentId: text(environment_id) };
}

const failed = (rule: string, message: string): RuleOutcome => ({
  rule,
  reason: 'failed',
  message: `The request was denied: ${message}.`,
});
const unreported = (rule: string, what: string, fingerprint: Fingerprint): RuleOutcome => ({
  rule,
  reason: 'unavailable',
  message: `The request was denied: ${what} was not reported by ${fingerprint.provider === 'cside' ? 'cside' : 'Fingerprint'}, so ${rule} binding cannot be checked.`,
});

function canonicalOrigin(text: string): string | undefined {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function compileBinding<Req>(
  bind: BindOptions<Req> | undefined,
  clientIp: unknown,
  providers: ReadonlySet<ResultSource>,
  logger: GuardLogger,
): CompiledBinding<Req> | undefined {
  // Checked even when unused; a preset's notice is logged only when bind.ip will read it.
  const usesIp = (bind as BindOptions<Req> | undefined)?.ip;
  const clientIpOf = compileClientIp<Req>(clientIp, usesIp ? logger : { warn() {}, error() {} });
  if (bind === undefined) return undefined;
  // The guard's schema checked every value's type: what is left is what only this step knows.
  const { ip = false, origin, linkedId, environment } = bind;
  const environments =
    environment === undefined
      ? undefined
      : new Set<string>(typeof environment === 'string' ? [environment] : environment);
  const ipv6Prefix = ip === true ? 64 : ip === false ? undefined : (ip.ipv6Prefix ?? 64);
  let origins: ReadonlySet<string> | undefined;
  if (origin !== undefined) {
    if (!Array.isArray(origin) || origin.length === 0)
      throw configError("bind.origin must be a list of origins such as ['https://shop.example.com'].");
    origins = new Set(
      origin.map((entry: unknown) => {
        const canonical = typeof entry === 'string' ? canonicalOrigin(entry) : undefined;
        if (canonical === undefined || (entry as string).replace(/\/$/, '') !== canonical) {
          throw configError(
            `bind.origin entries must be origins such as 'https://shop.example.com' (scheme, host, optional port; no path).`,
          );
        }
        return canonical;
      }),
    );
  }
  if (providers.has('cside') && (ip !== false || origins || linkedId || environments)) {
    // cside documents none of these fields for /token/v2/verify: say so once, at start-up.
    logger.warn(
      "fingerprint-guard: cside documents no IP, page URL, linked id or environment for /token/v2/verify; a cside result is bound only when its payload carries ip_address, url or linked_id (never an environment), and otherwise denied unless onUnavailableSignal is 'allow'.",
      {
        event: 'binding-not-documented',
        provider: 'cside',
        rules: ['ip', 'origin', 'linkedId', 'environment'].filter(
          (_, i) => [ip !== false, !!origins, !!linkedId, !!environments][i],
        ),
      },
    );
  }

  async function judgeIp(
    fingerprint: Fingerprint,
    request: Req,
    input: GuardRequest | undefined,
    verdict: BindingVerdict,
  ) {
    const { ip: requestIp, source } = await clientIpOf.resolve(request, input);
    verdict.ipSource = source;
    const claimed = madeAt(fingerprint).ip;
    if (claimed === undefined) return unreported('ip', 'the IP address', fingerprint);
    const actual = requestIp === undefined ? undefined : parseIp(requestIp);
    if (actual === undefined) {
      verdict.ipSource = 'none';
      return failed('ip', "the request's client IP is unknown");
    }
    const expected = parseIp(claimed);
    if (expected === undefined) return unreported('ip', 'a valid IP address', fingerprint);
    return sameClient(expected, actual, ipv6Prefix!)
      ? undefined
      : failed('ip', 'the identification was made from another IP address');
  }

  function judgeOrigin(fingerprint: Fingerprint, input: GuardRequest | undefined) {
    const url = madeAt(fingerprint).url;
    if (url === undefined) return unreported('origin', 'the page URL', fingerprint);
    const pageOrigin = canonicalOrigin(url);
    if (pageOrigin === undefined || !origins!.has(pageOrigin))
      return failed('origin', 'the identification was made on another site');
    const header = input ? readHeader(input.headers, 'origin') : undefined;
    if (header !== undefined && header !== pageOrigin)
      return failed('origin', "the request's Origin is not the page the identification was made on");
    return undefined;
  }

  async function judgeLinkedId(fingerprint: Fingerprint, request: Req) {
    const expected = await linkedId!(request);
    if (typeof expected !== 'string' || expected === '')
      return failed('linkedId', 'this request has no linked id to compare');
    const claimed = madeAt(fingerprint).linkedId;
    if (claimed === undefined) {
      // The agent passes linked_id through: a Fingerprint event without one was made for no session.
      return fingerprint.provider === 'cside'
        ? unreported('linkedId', 'a linked id', fingerprint)
        : failed('linkedId', 'the identification carries no linked id');
    }
    return claimed === expected ? undefined : failed('linkedId', 'the identification was made for another linked id');
  }

  /** The Fingerprint environment the event names must be one of yours; an event that names none is refused. */
  function judgeEnvironment(fingerprint: Fingerprint) {
    if (fingerprint.provider === 'cside') return unreported('environment', 'a Fingerprint environment', fingerprint);
    const claimed = madeAt(fingerprint).environmentId;
    if (claimed === undefined) return failed('environment', 'the identification names no environment');
    return environments!.has(claimed)
      ? undefined
      : failed('environment', 'the identification was made in another environment');
  }

  return {
    needsAdapterIp: ip !== false && clientIpOf.needsAdapterIp,
    needsAdapterPeer: ip !== false && clientIpOf.needsPeer,
    async judge(fingerprint, request, input) {
      const verdict: BindingVerdict = {};
      verdict.outcome =
        (ip !== false ? await judgeIp(fingerprint, request, input, verdict) : undefined) ??
        (origins ? judgeOrigin(fingerprint, input) : undefined) ??
        (linkedId ? await judgeLinkedId(fingerprint, request) : undefined) ??
        (environments ? judgeEnvironment(fingerprint) : undefined);
      return verdict;
    },
  };
}
