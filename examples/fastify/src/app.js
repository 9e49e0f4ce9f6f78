// The Fastify example: a login behind Fingerprint, a checkout behind cside, a webhook, a development agent simulator.
import fastify from 'fastify';
import { fingerprintGuard, fingerprintPlugin, fingerprintWebhook } from '@fingerprint-guard/fastify';
import { createAgentSimulator } from '@fingerprint-guard/testing';

/**
 * @param {{ sealedKeys: string[], simulatorKey?: string, store: import('@fingerprint-guard/fastify').ReplayStore,
 *           cside: { apiKey: string, baseUrl?: string }, webhookSecret?: string,
 *           onWebhook?: (event: import('@fingerprint-guard/fastify').FingerprintEvent) => void | Promise<void> }} options
 */
export async function createApp({ sealedKeys, simulatorKey, store, cside, webhookSecret, onWebhook = () => {} }) {
  const app = fastify({ trustProxy: false });

  // The account scope: every route in it is behind the guard (the plugin's preHandler hook), and
  // bound to this client's IP (request.ip: set trustProxy to your proxies when there are some).
  await app.register(async (account) => {
    await account.register(fingerprintPlugin, {
      fingerprint: { keys: sealedKeys },
      maxAge: '2m',
      replay: { store },
      deny: { bot: true, vpn: true, tampering: true },
      bind: { ip: true },
    });
    account.post('/api/login', async (request) => ({
      welcome: request.body?.user ?? 'anonymous',
      visitorId: request.fingerprint.visitorId,
      eventId: request.fingerprint.eventId,
    }));
  });

  // One route guarded on its own: the checkout trusts cside's session token, exchanged once here.
  const checkout = fingerprintGuard({ cside, replay: { store }, deny: { bot: true } });
  app.post('/api/checkout', { preHandler: checkout }, async (request) => ({
    order: 'confirmed',
    provider: request.fingerprint.provider,
  }));

  // Fingerprint webhooks, signed and deduplicated; the route reads its own raw body.
  if (webhookSecret) {
    await app.register(fingerprintWebhook, {
      secret: webhookSecret,
      replay: { store },
      url: '/webhooks/fingerprint',
      handler: async (event, _request, reply) => {
        await onWebhook(event);
        return reply.code(204).send();
      },
    });
  }

  // Only without real keys: a simulator of Fingerprint's browser agent, sealing with the development
  // key this process made (server.js). Anyone who can call it can mint results for that key alone.
  if (simulatorKey) {
    const simulator = createAgentSimulator({ key: simulatorKey });
    app.post('/dev/agent-simulator', async (request) => {
      const scenario = request.body?.scenario ?? 'fresh';
      // The real agent reports the IP it was called from; the simulator is told this caller's.
      return simulator.identify(scenario, scenario === 'other-ip' ? {} : { ip_address: request.ip });
    });
  }

  return app;
}
