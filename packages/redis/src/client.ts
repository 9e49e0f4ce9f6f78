/** Turns whichever Redis client the user has into one `send(args)` function, without importing it. */
import { configError } from '@fingerprint-guard/core/adapter';

/** Sends one command and resolves its raw reply; `args[0]` is the command, `args[1]` its key. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/** node-redis 5/6 client: `sendCommand(args)`. */
interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** node-redis 5/6 cluster: `sendCommand(firstKey, isReadonly, args)`; recognised by its `masters`. */
interface NodeRedisCluster {
  masters: unknown;
  sendCommand(firstKey: string, isReadonly: boolean, args: string[]): Promise<unknown>;
}

/** ioredis `Redis` and `Cluster`: `call(command, ...args)`. */
interface IORedisClient {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Any client the store accepts, described by the one method it uses. */
export type RedisClientLike = NodeRedisClient | NodeRedisCluster | IORedisClient;

export function toSendCommand(client: RedisClientLike): SendCommand {
  if (typeof (client as IORedisClient | null)?.call === 'function') {
    const ioredis = client as IORedisClient;
    return ([command, ...args]) => ioredis.call(command!, ...args);
  }
  if (typeof (client as NodeRedisClient | null)?.sendCommand === 'function') {
    if ('masters' in client) {
      // The cluster routes by the first key; each claim touches exactly one key.
      const cluster = client as NodeRedisCluster;
      return (args) => cluster.sendCommand(args[1]!, false, args);
    }
    const nodeRedis = client as NodeRedisClient;
    return (args) => nodeRedis.sendCommand(args);
  }
  throw configError(
    'createRedisReplayStore needs a node-redis or ioredis client (`client`), or a `sendCommand(args)` function.',
    'redis',
  );
}
