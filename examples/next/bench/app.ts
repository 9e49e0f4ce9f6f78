// The in-process benchmark's apps (bench:inproc): one `next` production server over this example, as
// built by `pnpm build`, and per variant an HTTP server (not listening) whose requests go to the route
// of that name: /api/bench/floor-mw (the bare unseal before the handler) or /api/bench/guard
// (withFingerprint, keys only); the ladder's rungs between them are /api/bench/floor-checked (every check
// the guard makes, hand-flattened) and /api/bench/core-route (core's engine from a bare route handler).
// Variants in one process share the Next server, as routes of one app do.
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import next from 'next';

type Handle = ReturnType<ReturnType<typeof next>['getRequestHandler']>;
let nextHandler: Promise<Handle> | undefined;

/** This process's Next server, prepared once. */
function handler(): Promise<Handle> {
  nextHandler ??= (async () => {
    const app = next({ dir: fileURLToPath(new URL('..', import.meta.url)), dev: false, quiet: true });
    await app.prepare();
    return app.getRequestHandler();
  })();
  return nextHandler;
}

const VARIANTS = ['floor-mw', 'floor-mw-again', 'floor-checked', 'core-route', 'guard'];

export async function createBenchServer(variant: string, key: string): Promise<Server> {
  if (!VARIANTS.includes(variant)) throw new Error(`The Next bench has ${VARIANTS.join(', ')}, not ${variant}.`);
  // lib/guard.ts reads the key when the routes' guards are built, at their first request.
  process.env.FP_SEALED_KEYS = key;
  const handle = await handler();
  // floor-mw and the guard, the pair compared by default, share one route (app/api/bench/route-pair):
  // two routes differ by more than the guard costs. The ladder's rungs have routes of their own.
  const paired = variant === 'floor-mw' || variant === 'guard';
  return createServer((req, res) => {
    if (paired) {
      req.url = '/api/bench/route-pair';
      req.headers['x-bench-variant'] = variant;
      req.rawHeaders.push('x-bench-variant', variant);
    } else {
      req.url = `/api/bench/${variant}`;
    }
    void handle(req, res);
  });
}
