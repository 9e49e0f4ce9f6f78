// An outside Fastify 5 app in ESM: the plugin guards one scope.
import fastify from 'fastify';
import { fingerprintPlugin } from '@fingerprint-guard/fastify';

const app = fastify();
await app.register(async (scope) => {
  await scope.register(fingerprintPlugin, { fingerprint: { keys: [process.env.FP_SEALED_KEY] } });
  scope.post('/login', async (request) => ({ visitorId: request.fingerprint.visitorId }));
});
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(app.server.address().port);
