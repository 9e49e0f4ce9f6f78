// One app process for src/one-claim-processes.ts: Express + fingerprintGuard, on a Redis keyspace
// (STORE=redis) or the process's default store (STORE=default). Prints its port.
// Env: SEALED_KEY, STORE, REDIS_URL, PREFIX, WINDOW (the Redis store's), MAX_AGE, CLOCK_SKEW,
// CLOCK_OFFSET_MS (this process's clock set that far from the machine's, as on a drifted host).
// Routes: POST /login (its guard built at start), POST /later (its guard built on its first
// request), POST /close (closes the default store, as any module of the app may).
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
if (offset !== 0) {
  const machine = Date.now;
  Date.now = () => machine() + offset;
}
const { default: express } = await import('express');
const { createClient } = await import('redis');
const { defaultReplayStore, fingerprintGuard } = await import('@fingerprint-guard/express');
const { createRedisReplayStore } = await import('@fingerprint-guard/redis');

const env = process.env;
const redis =
  env.STORE === 'redis'
    ? await createClient({ url: env.REDIS_URL })
        .on('error', () => {})
        .connect()
    : undefined;
const replay = redis
  ? { store: createRedisReplayStore({ client: redis, prefix: env.PREFIX, window: env.WINDOW }) }
  : undefined;
const guard = () =>
  fingerprintGuard({
    fingerprint: { keys: [env.SEALED_KEY] },
    replay,
    maxAge: env.MAX_AGE ?? '2m',
    clockSkew: env.CLOCK_SKEW ?? '10s',
    logger: { warn() {}, error() {} },
  });

const app = express();
const ok = (_req, res) => res.json({ ok: true });
app.post('/login', guard(), ok);
let later;
app.post(
  '/later',
  (req, res, next) => {
    later ??= guard(); // built on this route's first request, after /close may have run
    later(req, res, next);
  },
  ok,
);
app.post('/close', async (_req, res) => {
  await defaultReplayStore().close?.();
  res.sendStatus(204);
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', async () => {
  server.close();
  await redis?.quit();
  process.exit(0);
});
