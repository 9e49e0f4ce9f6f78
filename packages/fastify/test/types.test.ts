// What users write with the Fastify adapter, type-checked against Fastify 5 and Fastify 4 declarations.
import fastify, { type FastifyRequest, type FastifyTypeProvider } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import { generateKey } from '@fingerprint-guard/testing';
import {
  createFingerprintGuard,
  fingerprintGuard,
  fingerprintPlugin,
  fingerprintWebhook,
  withFingerprint,
  type Fingerprint,
  type FingerprintEvent,
  type FingerprintWebhookEvent,
  type FingerprintPreHandler,
} from '../src/index.js';

// Checked by `tsc` (pnpm typecheck), against Fastify 5's declarations and, with tsconfig.fastify4.json,
// Fastify 4's; at run time these only have to load. No casts: this is what users write.
const keys = [generateKey()];

describe('types', () => {
  it('fingerprintGuard() is a preHandler hook; request.fingerprint may be missing, so it is optional', () => {
    expectTypeOf(fingerprintGuard).returns.toEqualTypeOf<FingerprintPreHandler>();
    // Missing on a route no guard runs on, and behind a monitor-mode guard without a valid credential.
    expectTypeOf<FastifyRequest['fingerprint']>().toEqualTypeOf<Fingerprint | undefined>();
    fastify().get('/health', async (request) => {
      // @ts-expect-error: no guard runs on this route
      return request.fingerprint.visitorId;
    });
  });

  it('withFingerprint hands its handler request.fingerprint typed as set, with no cast', () => {
    const app = fastify();
    const guard = createFingerprintGuard<FastifyRequest>({ fingerprint: { keys } });
    app.post(
      '/login',
      withFingerprint(guard, async (request) => {
        expectTypeOf(request.fingerprint).toEqualTypeOf<Fingerprint>();
        return { visitorId: request.fingerprint.visitorId };
      }),
    );
    app.post('/options', {
      schema: { body: { type: 'object' } },
      ...withFingerprint({ fingerprint: { keys }, throwErrors: true }, async (request, reply) =>
        reply.send({ eventId: request.fingerprint.eventId }),
      ),
    });
    app.post(
      '/typed',
      withFingerprint(guard, async (request: FastifyRequest<{ Body: { user: string } }>) => request.body.user),
    );
    app.route({
      method: 'POST',
      url: '/route',
      ...withFingerprint(guard, async (request) => request.fingerprint.eventId),
    });
    fastify({ http2: true }).post(
      '/h2',
      withFingerprint(
        () => ({ fingerprint: { keys } }),
        async (request) => request.fingerprint.eventId,
      ),
    );
  });

  it('withFingerprint says undefined where the result may be missing: monitor mode', () => {
    fastify().post(
      '/watch',
      withFingerprint({ fingerprint: { keys }, mode: 'monitor' }, async (request) => {
        expectTypeOf(request.fingerprint).toEqualTypeOf<Fingerprint | undefined>();
        // @ts-expect-error: in monitor mode a request may carry no valid credential
        return request.fingerprint.visitorId;
      }),
    );
  });

  it('fits route options, hook arrays, typed routes and addHook', () => {
    const app = fastify();
    const guard = fingerprintGuard({ fingerprint: { keys } });
    app.post('/login', { preHandler: guard }, async (request) => ({ visitorId: request.fingerprint?.visitorId }));
    app.post<{ Body: { user: string } }>('/typed', { preHandler: [guard, async () => {}] }, async (request, reply) => {
      expectTypeOf(request.body.user).toEqualTypeOf<string>();
      return reply.send({ user: request.body.user, vpn: request.fingerprint?.signals.vpn });
    });
    app.route({
      method: 'POST',
      url: '/route',
      preHandler: guard,
      handler: async (request) => request.fingerprint?.eventId,
    });
    app.register(async (scope) => {
      scope.addHook('preHandler', guard);
    });
  });

  it('fits HTTP/2 servers, type providers and custom loggers', () => {
    // A provider of its own (Fastify 4 reads `output`, Fastify 5 `validator` and `serializer`).
    interface OwnProvider extends FastifyTypeProvider {
      readonly output: unknown;
      readonly validator: unknown;
      readonly serializer: unknown;
    }
    const guard = fingerprintGuard({ fingerprint: { keys } });
    fastify()
      .withTypeProvider<OwnProvider>()
      .post('/provider', { schema: { body: { type: 'object' } }, preHandler: guard }, async (request) => ({
        id: request.fingerprint?.eventId,
      }));
    fastify({ logger: { level: 'warn' } }).post(
      '/logged',
      { preHandler: guard },
      async (request) => request.fingerprint?.eventId,
    );
    const h2 = fastify({ http2: true });
    h2.post('/h2', { preHandler: guard }, async (request) => request.fingerprint?.eventId);
    h2.register(fingerprintPlugin, { fingerprint: { keys } });
    h2.register(fingerprintWebhook, { secret: 'whsec', url: '/hook', handler: async () => null });
  });

  it('the plugin takes the guard’s options or a built guard, and refuses what is neither', () => {
    const app = fastify();
    app.register(fingerprintPlugin, { fingerprint: { keys }, deny: { bot: true }, throwErrors: true });
    app.register(fingerprintPlugin, {
      guard: createFingerprintGuard<FastifyRequest>({ fingerprint: { keys } }),
      onDenied: (error) => ({ code: error.code }),
    });
    // @ts-expect-error: `fingerprint.keys` is a list of keys
    app.register(fingerprintPlugin, { fingerprint: { keys: 42 } });
  });

  it('the webhook handler receives the event, typed', () => {
    fastify().register(fingerprintWebhook, {
      secret: 'whsec',
      url: '/webhooks/fingerprint',
      handler: async (event, request, reply) => {
        // The event as Fingerprint sent it, with its format: still a FingerprintEvent for v4 code.
        expectTypeOf(event).toEqualTypeOf<FingerprintWebhookEvent>();
        expectTypeOf(event).toMatchTypeOf<FingerprintEvent>();
        expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
        return reply.code(204).send();
      },
    });
  });

  it('check() receives the Fastify request, and the result narrows on its provider', () => {
    fingerprintGuard({
      fingerprint: { keys },
      check: (fingerprint, request) => {
        expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
        if (fingerprint.provider === 'fingerprint') {
          expectTypeOf(fingerprint.event.identification?.confidence?.score).toEqualTypeOf<number | undefined>();
        } else {
          expectTypeOf(fingerprint.event.created_at).toEqualTypeOf<string | number>();
        }
        return fingerprint.signals.vpn !== true;
      },
    });
  });
});
