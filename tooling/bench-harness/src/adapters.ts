// The adapters whose bench apps the guard-against-floor benches measure, in the order of the README's tables.
export interface BenchAdapter {
  /** The package folder under packages/. */
  id: string;
  name: string;
  /** What the adapter's bench app puts before a variant's name (NestJS names its platform). */
  prefix: string;
}

export const ADAPTERS: readonly BenchAdapter[] = [
  { id: 'express', name: 'Express 5', prefix: '' },
  { id: 'koa', name: 'Koa 3', prefix: '' },
  { id: 'fastify', name: 'Fastify 5', prefix: '' },
  { id: 'hono', name: 'Hono 4 (node-server)', prefix: '' },
  { id: 'nestjs', name: 'NestJS 11 (Express)', prefix: 'express-' },
];

/** The variants each compares: hello, the bare unseal in the handler, the same where the guard runs, the guard. */
export const VARIANTS = ['hello', 'floor', 'floor-mw', 'guard'] as const;

/** `ADAPTERS=express,koa` picks some; all by default. */
export function chosenAdapters(): BenchAdapter[] {
  const chosen = process.env.ADAPTERS?.split(',');
  return ADAPTERS.filter((a) => !chosen || chosen.includes(a.id));
}

export const packagesDir = new URL('../../../packages/', import.meta.url);
