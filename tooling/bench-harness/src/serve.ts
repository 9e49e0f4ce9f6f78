// A bench server process: builds one variant's HTTP server (not yet listening), listens on a free
// loopback port and prints it. Each adapter's bench/server.ts is this around its bench/app.ts.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Builds the HTTP server of one variant (`hello`, `floor`, `floor-mw`, `guard`, …) with the sealed-result key. */
export type CreateBenchServer = (variant: string, key: string) => Server | Promise<Server>;

/** Serves `argv[2]`'s variant with `BENCH_SEALED_KEY`, printing the port once listening. */
export async function serveBench(create: CreateBenchServer): Promise<void> {
  const server = await create(String(process.argv[2]), process.env.BENCH_SEALED_KEY!);
  // Exit cleanly on a signal so that --cpu-prof can write its profile.
  process.on('SIGINT', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}
