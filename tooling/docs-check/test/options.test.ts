// Every options object of every published package, as users install them (the built packages):
// a misspelt name at the top and inside a nested object is CONFIG_INVALID naming its path and the
// closest known name, and a value of the wrong type is CONFIG_INVALID naming it, whatever else is
// configured. One row per options object; each row's own options build first.
import 'reflect-metadata';
import { createDurableObjectReplayStore } from '@fingerprint-guard/cloudflare';
import {
  createCsideClient,
  createFingerprintGuard,
  createServerApiClient,
  createServerApiV3Client,
  createUnsealer,
  createWebhookReceiver,
  isFingerprintGuardError,
  MemoryReplayStore,
} from '@fingerprint-guard/core';
import * as express from '@fingerprint-guard/express';
import * as fastify from '@fingerprint-guard/fastify';
import * as hono from '@fingerprint-guard/hono';
import * as koa from '@fingerprint-guard/koa';
import * as nest from '@fingerprint-guard/nestjs';
import * as next from '@fingerprint-guard/next';
import { createPostgresReplayStore } from '@fingerprint-guard/postgres';
import { createRedisReplayStore } from '@fingerprint-guard/redis';
import { generateKey } from '@fingerprint-guard/testing';
import { createUpstashReplayStore } from '@fingerprint-guard/upstash';
import { Redis } from '@upstash/redis';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

type Options = Record<string, unknown>;

interface Row {
  /** What is built, as a user calls it. */
  name: string;
  build: (options: Options) => unknown;
  /** Options it builds with. */
  valid: Options;
  /** The package that names itself in the message. */
  from?: string;
  /** A misspelt option at the top, and the name it should suggest. */
  top: [typo: string, meant: string];
  /** Misspelt nested options (`parent.typo`) and the path each should suggest. */
  nested?: Array<[typo: string, meant: string]>;
  /** Values of the wrong type, by path. */
  wrong: Array<[path: string, value: unknown]>;
}

const key = generateKey();
const quiet = { warn() {}, error() {} };
const sealed = { fingerprint: { keys: [key] }, logger: quiet };
const webhook = { secret: 'whsec_options', logger: quiet };
const guard = () => createFingerprintGuard(sealed);
const namespace = { idFromName: (name: string) => name, get: () => ({ fetch: async () => Response.json({}) }) };

/** `options` with `value` at `path` (`'cside.timout'`), the objects on the way copied. */
function withValue(options: Options, path: string, value: unknown): Options {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...options, [head]: value };
  return { ...options, [head]: withValue((options[head] as Options | undefined) ?? {}, rest.join('.'), value) };
}

/** Fastify registers a plugin when the app is ready: that is where its options are checked. */
async function registered(plugin: Parameters<ReturnType<typeof Fastify>['register']>[0], options: Options) {
  const app = Fastify();
  app.register(plugin, options);
  try {
    await app.ready();
  } finally {
    await app.close();
  }
}

const GUARD_NESTED: Row['nested'] = [
  ['fingerprint.maxSealedByte', 'fingerprint.maxSealedBytes'],
  ['fingerprint.serverApi.regin', 'fingerprint.serverApi.region'],
  ['fingerprint.serverApi.rulesetID', 'fingerprint.serverApi.rulesetId'],
  ['cside.timout', 'cside.timeout'],
  ['cside.retry.attemps', 'cside.retry.attempts'],
  ['replay.stor', 'replay.store'],
  ['bind.ipp', 'bind.ip'],
  ['bind.ip.ipv6Prefx', 'bind.ip.ipv6Prefix'],
  ['negativeCache.tll', 'negativeCache.ttl'],
  ['deny.vnp', 'deny.vpn'],
  ['stepUp.vnp', 'stepUp.vpn'],
  ['stepUp.maxVelocity.evnts', 'stepUp.maxVelocity.events'],
  ['allowBots.categries', 'allowBots.categories'],
  ['maxVelocity.distnctIp', 'maxVelocity.distinctIp'],
  ['bind.enviroment', 'bind.environment'],
];
const GUARD_WRONG: Row['wrong'] = [
  ['negativeCache', 'oops'],
  ['fingerprint.maxSealedBytes', 'big'],
  ['fingerprint.serverApi.rulesetId', ''],
  ['bind.ip', 'yes'],
  ['cside', 'k'],
  ['onDecision', 42],
  ['logger', {}],
  ['maxVpnScore', 1.5],
  ['maxTamperingScore', 'high'],
  ['maxVelocity.events.1h', -1],
  ['allowBots.identities', ['spoofed']],
  ['stepUp.maxSuspectScore', 'ten'],
  ['bind.environment', ''],
];
const WEBHOOK_NESTED: Row['nested'] = [['replay.stor', 'replay.store']];
const WEBHOOK_WRONG: Row['wrong'] = [
  ['maxBodyBytes', 'big'],
  ['replay.timeout', 'soon'],
  ['logger', 42],
];

const ROWS: Row[] = [
  {
    name: 'createFingerprintGuard',
    build: (options) => createFingerprintGuard(options),
    valid: { ...sealed, cside: { apiKey: 'k' } },
    top: ['maxage', 'maxAge'],
    nested: GUARD_NESTED,
    wrong: [...GUARD_WRONG, ['cside.maxWait', 'long'], ['cside.retry.baseDelayMs', 'soon']],
  },
  {
    name: 'createWebhookReceiver',
    build: (options) => createWebhookReceiver(options as never),
    valid: webhook,
    top: ['maxage', 'maxAge'],
    nested: WEBHOOK_NESTED,
    wrong: WEBHOOK_WRONG,
  },
  {
    name: 'createUnsealer',
    build: (options) => createUnsealer(options as never),
    valid: { keys: [key] },
    top: ['maxSealedByte', 'maxSealedBytes'],
    wrong: [['maxPayloadBytes', 'big']],
  },
  {
    name: 'createCsideClient',
    build: (options) => createCsideClient(options as never),
    valid: { apiKey: 'k' },
    top: ['timout', 'timeout'],
    nested: [['retry.attemps', 'retry.attempts']],
    wrong: [
      ['maxWait', 'long'],
      ['retry', 'twice'],
      ['fetch', 'node-fetch'],
    ],
  },
  ...(['createServerApiClient', 'createServerApiV3Client'] as const).map((name) => ({
    name,
    build: (options: Options) =>
      (name === 'createServerApiClient' ? createServerApiClient : createServerApiV3Client)(options as never),
    valid: { secretKey: 's' },
    top: ['regin', 'region'] as Row['top'],
    nested: [['retry.maxDelayMS', 'retry.maxDelayMs']] as Row['nested'],
    wrong: [
      ['region', 'mars'],
      ['maxConcurrent', 0],
      ['rulesetId', 42],
    ] as Row['wrong'],
  })),
  {
    name: 'MemoryReplayStore',
    build: (options) => new MemoryReplayStore(options as never),
    valid: {},
    top: ['maxEntrys', 'maxEntries'],
    wrong: [
      ['now', 42],
      ['claimsPerSecond', 0],
      ['logger', {}],
      ['window', '1ms'],
    ],
  },
  {
    name: 'createRedisReplayStore',
    build: (options) => createRedisReplayStore(options as never),
    valid: { sendCommand: async () => 'OK' },
    from: 'redis',
    top: ['prefx', 'prefix'],
    wrong: [
      ['prefix', 42],
      ['maxKeyLength', 3],
      ['timeout', 'soon'],
    ],
  },
  {
    name: 'createPostgresReplayStore',
    build: (options) => createPostgresReplayStore(options as never),
    valid: { query: async () => [] },
    from: 'postgres',
    top: ['tabel', 'table'],
    nested: [['cleanup.evry', 'cleanup.every']],
    wrong: [
      ['cleanup', 'sometimes'],
      ['prepare', 'yes'],
      ['cleanup.batchSize', 0],
    ],
  },
  {
    name: 'createUpstashReplayStore',
    build: (options) => createUpstashReplayStore(options as never),
    valid: { client: new Redis({ url: 'http://127.0.0.1:1', token: 't' }) },
    from: 'upstash',
    top: ['prefx', 'prefix'],
    wrong: [
      ['timeout', 'soon'],
      ['window', 'forever'],
    ],
  },
  {
    name: 'createDurableObjectReplayStore',
    build: (options) => createDurableObjectReplayStore(options as never),
    valid: { namespace },
    from: 'cloudflare',
    top: ['shard', 'shards'],
    wrong: [
      ['shards', 0],
      ['prefix', 7],
    ],
  },
  ...adapterRows(),
];

/** Each adapter's guard (its own options beside the guard's), its options given apart, and its webhook. */
function adapterRows(): Row[] {
  const webhookRow = (name: string, build: Row['build']): Row => ({
    name,
    build,
    valid: webhook,
    top: ['maxage', 'maxAge'],
    nested: WEBHOOK_NESTED,
    wrong: WEBHOOK_WRONG,
  });
  return [
    {
      name: 'express fingerprintGuard',
      build: (options) => express.fingerprintGuard(options as never),
      valid: { ...sealed, onDenied: () => {}, forwardErrors: false },
      top: ['onDenid', 'onDenied'],
      nested: GUARD_NESTED,
      wrong: [...GUARD_WRONG, ['onDenied', 42], ['forwardErrors', 'yes']],
    },
    {
      name: 'express fingerprintGuard(guard, denial)',
      build: (options) => express.fingerprintGuard(guard(), options as never),
      valid: { forwardErrors: true },
      top: ['forwardError', 'forwardErrors'],
      wrong: [['onDenied', 42]],
    },
    webhookRow('express fingerprintWebhook', (options) => express.fingerprintWebhook(options as never)),
    {
      name: 'koa fingerprintGuard',
      build: (options) => koa.fingerprintGuard(options as never),
      valid: { ...sealed, throwErrors: true },
      top: ['throwErorrs', 'throwErrors'],
      nested: GUARD_NESTED,
      wrong: [
        ['throwErrors', 'yes'],
        ['onDenied', 42],
      ],
    },
    webhookRow('koa fingerprintWebhook', (options) => koa.fingerprintWebhook(options as never)),
    {
      name: 'fastify fingerprintGuard',
      build: (options) => fastify.fingerprintGuard(options as never),
      valid: { ...sealed, throwErrors: true },
      top: ['throwErorrs', 'throwErrors'],
      nested: GUARD_NESTED,
      wrong: [
        ['throwErrors', 'yes'],
        ['onDenied', 42],
      ],
    },
    {
      name: 'fastify fingerprintPlugin with a guard',
      build: (options) => registered(fastify.fingerprintPlugin, { guard: guard(), ...options }),
      valid: { throwErrors: true },
      top: ['throwErorrs', 'throwErrors'],
      wrong: [['onDenied', 42]],
    },
    {
      name: 'fastify fingerprintWebhook',
      build: (options) => registered(fastify.fingerprintWebhook, options),
      valid: { ...webhook, url: '/hook', handler: async () => ({}) },
      from: 'fastify',
      top: ['urll', 'url'],
      nested: WEBHOOK_NESTED,
      wrong: [['handler', 42], ...WEBHOOK_WRONG],
    },
    {
      name: 'hono fingerprintGuard',
      build: (options) => hono.fingerprintGuard(options as never),
      valid: { ...sealed, maxBodyBytes: 4096 },
      top: ['maxBodyByte', 'maxBodyBytes'],
      nested: GUARD_NESTED,
      wrong: [
        ['maxBodyBytes', 'big'],
        ['throwErrors', 1],
      ],
    },
    webhookRow('hono fingerprintWebhook', (options) => hono.fingerprintWebhook(options as never)),
    {
      name: 'next withFingerprint',
      build: (options) => next.withFingerprint(options as never, async () => new Response()),
      valid: { ...sealed, maxBodyBytes: 4096 },
      top: ['onDenid', 'onDenied'],
      nested: GUARD_NESTED,
      wrong: [
        ['maxBodyBytes', 'big'],
        ['onDenied', 42],
      ],
    },
    webhookRow('next fingerprintWebhook', (options) =>
      next.fingerprintWebhook(options as never, async () => new Response()),
    ),
    {
      name: 'nestjs FingerprintGuardModule.forRoot',
      build: (options) => nest.FingerprintGuardModule.forRoot(options as never),
      valid: { ...sealed, webhook, global: false },
      top: ['globl', 'global'],
      nested: [...(GUARD_NESTED ?? []), ['webhook.maxage', 'webhook.maxAge']],
      wrong: [
        ['global', 'yes'],
        ['webhook.maxBodyBytes', 'big'],
        ['webhook', 'whsec'],
      ],
    },
    {
      name: 'nestjs FingerprintGuardModule.forRootAsync',
      build: (options) => nest.FingerprintGuardModule.forRootAsync(options as never),
      valid: { useFactory: () => sealed },
      from: 'nestjs',
      top: ['injects', 'inject'],
      wrong: [['useFactory', sealed]],
    },
    webhookRow('nestjs fingerprintWebhook', (options) => nest.fingerprintWebhook(options as never)),
  ];
}

/** The CONFIG_INVALID error `build` throws or rejects with. */
async function configErrorOf(build: () => unknown): Promise<Error & { code?: string }> {
  try {
    await build();
  } catch (error) {
    if (isFingerprintGuardError(error) && error.code === 'CONFIG_INVALID') return error;
    throw error;
  }
  throw new Error('it was accepted');
}

describe.each(ROWS)('$name', (row) => {
  const prefix = `fingerprint-guard${row.from ? `/${row.from}` : ''}: `;

  it('builds with its own options', async () => {
    await row.build(row.valid);
  });

  it('refuses a misspelt option, suggesting the right one', async () => {
    const [typo, meant] = row.top;
    const error = await configErrorOf(() => row.build({ ...row.valid, [typo]: 1 }));
    expect(error.message).toContain(`unknown option ${typo}: did you mean ${meant}?`);
    expect(error.message.startsWith(prefix)).toBe(true);
  });

  it.each(row.nested ?? [])('refuses %s inside a nested object, suggesting %s', async (typo, meant) => {
    const error = await configErrorOf(() => row.build(withValue(row.valid, typo, 1)));
    expect(error.message).toContain(`unknown option ${typo}: did you mean ${meant}?`);
  });

  it.each(row.wrong)('refuses %s: %j, naming it', async (path, value) => {
    const error = await configErrorOf(() => row.build(withValue(row.valid, path, value)));
    expect(error.message).toContain(path);
  });
});
