// Type-checked in the outside app (strict, NodeNext), against the packed declarations: no casts.
import fastify from 'fastify';
import { fingerprintGuard, fingerprintPlugin, withFingerprint, type Fingerprint } from '@fingerprint-guard/fastify';

const app = fastify();
app.post(
  '/login',
  withFingerprint({ fingerprint: { keys: ['key'] }, deny: { bot: true } }, async (request) => {
    const fingerprint: Fingerprint = request.fingerprint;
    return { visitorId: fingerprint.visitorId, vpn: request.fingerprint.signals.vpn };
  }),
);
app.post('/maybe', { preHandler: fingerprintGuard({ fingerprint: { keys: ['key'] } }) }, async (request) => {
  const fingerprint: Fingerprint | undefined = request.fingerprint;
  return { visitorId: fingerprint?.visitorId };
});
app.register(fingerprintPlugin, { fingerprint: { keys: ['key'] }, throwErrors: true });
