/** The edge step of a guard: a request with no credential described and evaluated by `POST /v4/edge`, through the shared provider calls. */
import { compileClientIp } from '../client-ip/resolve.js';
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEdgeRequest } from '../event/types.js';
import { checkSecret } from '../http/client-options.js';
import { sharedProviderCalls, type NegativeCacheOptions } from '../http/shared-calls.js';
import type { GuardLogger } from '../logger.js';
import type { GuardRequest } from '../guard/types.js';
import type { FingerprintEdgeOptions } from '../options/types.js';
import type { Fingerprint } from '../result/fingerprint.js';
import { createServerApiClient } from '../server-api/client.js';
import { fromEdgeEvent } from './read-edge.js';
import { edgeRequestDescriber } from './request.js';

export interface EdgeEvaluator<Req> {
  /** No `clientIp`: the adapter's IP (`input.ip`) is the one sent. */
  needsAdapterIp: boolean;
  /** A `clientIp` preset that checks the connecting address: the adapter must give `input.peer`. */
  needsPeer: boolean;
  evaluate(request: Req, input: GuardRequest | undefined): Promise<Fingerprint>;
}

/** The key of the negative cache and of shared in-flight calls: the client IP and its User-Agent. */
function clientKey(request: FingerprintEdgeRequest): string {
  const userAgent = request.headers.find((line) => line.name.toLowerCase() === 'user-agent')?.value ?? '';
  return `${request.ipv4_address ?? request.ipv6_address}\n${userAgent}`;
}

/** An evaluation that a deny rule on bot, VPN or proxy would refuse: remembered, so a bot's burst costs one call. */
const flagged = ({ signals }: Fingerprint) => signals.bot === true || signals.vpn === true || signals.proxy === true;

/**
 * Builds the edge step from `fingerprint.edge`: the same Server API client (its deadline, retries
 * and `maxConcurrent` turns) and the same process-wide sharing as the event-id fallback. Calls are
 * shared by client IP and User-Agent: concurrent requests from one client make one call, and an
 * evaluation that found a bot, a VPN or a proxy is answered from memory for `negativeCache.ttl`.
 * The client IP is `clientIp`'s when configured, else the adapter's.
 */
export function edgeEvaluator<Req>(
  edge: FingerprintEdgeOptions,
  clientIp: unknown,
  negativeCache: false | NegativeCacheOptions | undefined,
  logger: GuardLogger,
): EdgeEvaluator<Req> {
  const { redactHeaders, ...clientOptions } = edge;
  checkSecret(clientOptions.secretKey, 'fingerprint.edge.secretKey');
  const describe = edgeRequestDescriber({ redactHeaders });
  const ipOf = compileClientIp<Req>(clientIp, logger);
  const analyze = sharedProviderCalls<FingerprintEdgeRequest>(
    'edge',
    clientOptions,
    negativeCache,
    () => {
      const client = createServerApiClient(clientOptions);
      return async (request, caller) => fromEdgeEvent(await client.analyzeRequest(request, { caller }));
    },
    { keyOf: clientKey, remember: flagged },
  );

  return {
    needsAdapterIp: ipOf.needsAdapterIp,
    needsPeer: ipOf.needsPeer,
    async evaluate(request, input) {
      const source = input ?? (request as GuardRequest);
      const ip = ipOf.needsAdapterIp ? source.ip : (await ipOf.resolve(request, source)).ip;
      const described = describe(source, ip);
      if ('missing' in described) {
        throw new FingerprintGuardError(
          'CREDENTIAL_MISSING',
          `The request carries no credential, and fingerprint.edge cannot evaluate it without ${described.missing}.`,
        );
      }
      return analyze(described.request, ip);
    },
  };
}
