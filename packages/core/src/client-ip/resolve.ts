/** The `clientIp` option, whichever form it takes, as one resolver that also says where the IP came from. */
import { configError, FingerprintGuardError } from '../errors.js';
import type { GuardLogger } from '../logger.js';
import type { GuardRequest } from '../guard/types.js';
import type { ClientIpPreset, ClientIpReading } from './presets.js';

/** Your function of the request, or an `ipFrom` preset. */
export type ClientIpOption<Req> = ((request: Req) => string | undefined | Promise<string | undefined>) | ClientIpPreset;

export interface ClientIpResolver<Req> {
  /** No `clientIp`: the adapter's IP (`input.ip`) is the one. */
  needsAdapterIp: boolean;
  /** A preset that checks the connecting address: the adapter must give `input.peer`. */
  needsPeer: boolean;
  resolve(request: Req, input: GuardRequest | undefined): Promise<ClientIpReading>;
}

const known = (ip: string | undefined, source: ClientIpReading['source']): ClientIpReading =>
  typeof ip === 'string' && ip !== '' ? { ip, source } : { source: 'none' };

function isPreset(value: unknown): value is ClientIpPreset {
  return typeof value === 'object' && value !== null && typeof (value as ClientIpPreset).read === 'function';
}

/** Checks the option once; a preset's notice (it will not trust its header here) is logged now, once. */
export function compileClientIp<Req>(clientIp: unknown, logger: GuardLogger): ClientIpResolver<Req> {
  if (clientIp === undefined) {
    return {
      needsAdapterIp: true,
      needsPeer: false,
      async resolve(_request, input) {
        if (input?.ip === undefined) {
          throw new FingerprintGuardError(
            'CONFIG_INVALID',
            'fingerprint-guard: bind.ip needs the client IP: this adapter has none, so pass clientIp: (request) => … or an ipFrom preset.',
          );
        }
        return known(input.ip, 'adapter');
      },
    };
  }
  if (typeof clientIp === 'function') {
    const read = clientIp as (request: Req) => string | undefined | Promise<string | undefined>;
    return {
      needsAdapterIp: false,
      needsPeer: false,
      resolve: async (request) => known(await read(request), 'clientIp'),
    };
  }
  if (!isPreset(clientIp))
    throw configError('clientIp must be a function of the request, or a preset such as ipFrom.cloudflare().');
  if (clientIp.notice !== undefined)
    logger.warn(clientIp.notice, { event: 'client-ip-untrusted', source: clientIp.source });
  return {
    needsAdapterIp: false,
    needsPeer: clientIp.needsPeer,
    async resolve(request, input) {
      const source = input ?? (request as GuardRequest);
      return clientIp.read({ headers: source?.headers ?? {}, peer: source?.peer });
    },
  };
}
