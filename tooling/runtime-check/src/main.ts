/** The runtime check: `bun src/main.ts` or `deno run -A src/main.ts`. Core, Hono, Express and the Upstash store, built, on this runtime. */
import { expressChecks, honoChecks, honoPeerChecks } from './adapters.ts';
import { coreChecks } from './core.ts';
import { finish } from './harness.ts';
import { RUNTIME } from './serve.ts';
import { upstashChecks } from './upstash.ts';

const version = RUNTIME === 'bun' ? `Bun ${process.versions.bun}` : `Deno ${process.versions.deno}`;
console.log(`${version}: the built packages, resolved and served by the runtime itself`);
await coreChecks(version);
await honoChecks(version);
await honoPeerChecks(version);
await expressChecks(version);
await upstashChecks(version);
finish(version);
