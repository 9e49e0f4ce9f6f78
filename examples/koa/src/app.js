// The Koa example: a login behind Fingerprint, a checkout behind cside, a development agent simulator.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { createFingerprintGuard, fingerprintGuard } from '@fingerprint-guard/koa';
import { createAgentSimulator } from '@fingerprint-guard/testing';

/**
 * @param {{ sealedKeys: string[], simulatorKey?: string, store: import('@fingerprint-guard/koa').ReplayStore,
 *           cside: { apiKey: string, baseUrl?: string } }} options
 */
export function createApp({ sealedKeys, simulatorKey, store, cside }) {
  const router = new Router();

  const login = createFingerprintGuard({
    fingerprint: { keys: sealedKeys },
    maxAge: '2m',
    replay: { store },
    deny: { bot: true, vpn: true, tampering: true },
  });
  router.post('/api/login', fingerprintGuard(login), (ctx) => {
    const { fingerprint } = ctx.state;
    ctx.body = {
      welcome: ctx.request.body?.user ?? 'anonymous',
      visitorId: fingerprint?.visitorId,
      eventId: fingerprint?.eventId,
    };
  });

  const checkout = createFingerprintGuard({ cside, replay: { store }, deny: { bot: true } });
  router.post('/api/checkout', fingerprintGuard(checkout), (ctx) => {
    ctx.body = { order: 'confirmed', provider: ctx.state.fingerprint?.provider };
  });

  // Only without real keys: a simulator of Fingerprint's browser agent, sealing with the development
  // key this process made (server.js). Anyone who can call it can mint results for that key alone.
  if (simulatorKey) {
    const simulator = createAgentSimulator({ key: simulatorKey });
    router.post('/dev/agent-simulator', (ctx) => {
      ctx.body = simulator.identify(ctx.request.body?.scenario);
    });
  }

  return new Koa().use(bodyParser()).use(router.routes()).use(router.allowedMethods());
}
