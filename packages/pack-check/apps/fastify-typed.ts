// Type-checked in the outside app (strict, NodeNext), against the packed declarations: no casts.
import fastify from 'fastify';
import { fingerprintGuard, fingerprintPlugin, type Fingerprint } from '@fingerprint-guard/fastify';

const app = fastify();
app.post(
  '/login',
  { preHandler: fingerprintGuard({ fingerprint: { keys: ['key'] }, deny: { bot: true } }) },
  async (request) => {
    const fingerprint: Fingerprint = request.fingerprint;
    return { visitorId: fingerprint.visitorId, vpn: request.fingerprint.signals.vpn };
  },
);
app.register(fingerprintPlugin, { fingerprint: { keys: ['key'] }, throwErrors: true });
