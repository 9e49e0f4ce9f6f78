// The adapters whose bench apps the guard-against-floor benches measure, in the order of the README's tables.
export interface BenchAdapter {
  /** What ADAPTERS=… names it by, and its key in results/*.json. */
  id: string;
  name: string;
  /** What the adapter's bench app puts before a variant's name (NestJS names its platform). */
  prefix: string;
  /** The folder holding bench/app.ts and bench/RESULTS.md. */
  dir: URL;
  /** Also measured over HTTP (bench:floor, a bench/server.ts per variant): Next has an end-to-end bench of its own. */
  overHttp: boolean;
}

const packagesDir = new URL('../../../packages/', import.meta.url);

const adapterPackage = (id: string, name: string, prefix = ''): BenchAdapter => ({
  id,
  name,
  prefix,
  dir: new URL(`${id}/`, packagesDir),
  overHttp: true,
});

export const ADAPTERS: readonly BenchAdapter[] = [
  adapterPackage('express', 'Express 5'),
  adapterPackage('koa', 'Koa 3'),
  adapterPackage('fastify', 'Fastify 5'),
  adapterPackage('hono', 'Hono 4 (node-server)'),
  adapterPackage('nestjs', 'NestJS 11 (Express)', 'express-'),
  // The Next example as built, its floor-mw and guard as two routes of one `next` server (examples/next/bench/app.ts).
  {
    id: 'next',
    name: 'Next.js 16 (route handler)',
    prefix: '',
    dir: new URL('../../../examples/next/', import.meta.url),
    overHttp: false,
  },
];

/** The variants each compares: hello, the bare unseal in the handler, the same where the guard runs, the guard. */
export const VARIANTS = ['hello', 'floor', 'floor-mw', 'guard'] as const;

/** `ADAPTERS=express,koa` picks some; all by default. */
export function chosenAdapters(): BenchAdapter[] {
  const chosen = process.env.ADAPTERS?.split(',');
  return ADAPTERS.filter((a) => !chosen || chosen.includes(a.id));
}
