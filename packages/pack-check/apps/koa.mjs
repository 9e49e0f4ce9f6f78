// An outside Koa 3 app in ESM.
import Koa from 'koa';
import { fingerprintGuard } from '@fingerprint-guard/koa';

const app = new Koa();
app.use(fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY] } }));
app.use((ctx) => {
  ctx.body = { visitorId: ctx.state.fingerprint.visitorId };
});
const server = app.listen(0, '127.0.0.1', () => console.log(server.address().port));
