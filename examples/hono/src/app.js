// The Hono example: a login behind Fingerprint, a checkout behind cside, a webhook, a development agent simulator.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { clientIpFromConnInfo, fingerprintGuard, fingerprintWebhook } from '@fingerprint-guard/hono';
import { createAgentSimulator } from '@fingerprint-guard/testing';

/**
 * @param {{ sealedKeys: string[], simulatorKey?: string, store: import('@fingerprint-guard/hono').ReplayStore,
 *           cside: { apiKey: string, baseUrl?: string }, webhookSecret?: string,
 *           onWebhook?: (event: import('@fingerprint-guard/hono').FingerprintEvent) => void | Promise<void> }} options
 */
export function createApp({ sealedKeys, simulatorKey, store, cside, webhookSecret, onWebhook = () => {} }) {
  // On Node the client IP is the socket's (getConnInfo); behind your own proxy, read the header it sets instead.
  const clientIp = clientIpFromConnInfo(getConnInfo);
  const app = new Hono();

  const login = fingerprintGuard({
    fingerprint: { keys: sealedKeys },
    maxAge: '2m',
    replay: { store },
    deny: { bot: true, vpn: true, tampering: true },
    bind: { ip: true },
    clientIp,
  });
  app.post('/api/login', login, async (c) => {
    // The guard read the JSON body into Hono's cache: the handler reads it as usual.
    const { user = 'anonymous' } = await c.req.json();
    return c.json({ welcome: user, visitorId: c.get('fingerprint').visitorId, eventId: c.get('fingerprint').eventId });
  });

  // The checkout trusts cside: the browser's session token is exchanged once, on the server.
  app.post('/api/checkout', fingerprintGuard({ cside, replay: { store }, deny: { bot: true } }), (c) =>
    c.json({ order: 'confirmed', provider: c.get('fingerprint').provider }),
  );

  if (webhookSecret) {
    app.post('/webhooks/fingerprint', fingerprintWebhook({ secret: webhookSecret, replay: { store } }), async (c) => {
      await onWebhook(c.get('fingerprintWebhookEvent'));
      return c.body(null, 204);
    });
  }

  // Only without real keys: a simulator of Fingerprint's browser agent, sealing with the development
  // key this process made (server.js). Anyone who can call it can mint results for that key alone.
  if (simulatorKey) {
    const simulator = createAgentSimulator({ key: simulatorKey });
    app.post('/dev/agent-simulator', async (c) => {
      const { scenario = 'fresh' } = await c.req.json().catch(() => ({}));
      // The real agent reports the IP it was called from; the simulator is told this caller's.
      return c.json(simulator.identify(scenario, scenario === 'other-ip' ? {} : { ip_address: clientIp(c) }));
    });
  }

  return app;
}
